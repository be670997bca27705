"""Roles and their named permissions: the one table every permission check reads."""

from __future__ import annotations

from typing import Final

# codename -> what it allows (shown to administrators).
PERMISSIONS: Final[dict[str, str]] = {
    "inquiry_log": "問い合わせを記録する",
    "inquiry_read": "問い合わせを閲覧する",
    "callcenter_manage": "コールセンター業務を管理する（FAQ・編集・エスカレーション・日報）",
    "escalation_respond": "エスカレーションに回答する（発注者）",
    "reports_read": "報告書・KPIを閲覧する",
    "staffing_read": "人員計画を閲覧する",
    "outreach_read": "普及イベントを閲覧する",
    "outreach_manage": "普及イベントを管理する",
    "publicity_read": "広報・制作物を閲覧する",
    "publicity_manage": "広報・制作物を管理する",
    "governance_read": "計画書・名簿・打合せ記録を閲覧する",
    "governance_manage": "計画書・名簿・打合せ記録を作成・提出する",
    "meeting_confirm": "打合せ記録を確認する（発注者）",
    "publicity_approve": "デザイン案の選定・校正の承認・有料媒体の承諾を行う（発注者）",
    "privacy_approve": "個人情報の持ち出し・再委託を承認し、指示を出す（発注者）",
    "personal_data_read": "個人情報を表示する",
    "privacy_read": "個人情報の管理台帳とアクセスログを閲覧する",
    "privacy_manage": "個人情報の管理台帳を管理する",
    "audit_read": "監査ログを閲覧する",
    "settings_manage": "ミニアプリ・問い合わせ類型を編集する",
    "data_export": "データを出力する",
}

ROLE_LABELS: Final[dict[str, str]] = {
    "operator": "オペレーター",
    "supervisor": "スーパーバイザー",
    "outreach": "イベントスタッフ",
    "publicity": "広報担当",
    "manager": "業務責任者",
    "privacy_officer": "個人情報管理責任者",
    "client": "発注者（県）",
}

ROLE_PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    "operator": frozenset({"inquiry_log", "inquiry_read"}),
    "supervisor": frozenset(
        {
            "inquiry_log",
            "inquiry_read",
            "callcenter_manage",
            "reports_read",
            "staffing_read",
            "personal_data_read",
            "data_export",
            # The contractor's roles draft and submit plans and meeting records (issue 8).
            "governance_read",
            "governance_manage",
        }
    ),
    "outreach": frozenset({"outreach_read", "outreach_manage"}),
    "publicity": frozenset({"publicity_read", "publicity_manage"}),
    # Managers read everything except personal data.
    "manager": frozenset(
        {
            "inquiry_read",
            "reports_read",
            "staffing_read",
            "outreach_read",
            "outreach_manage",
            "publicity_read",
            "governance_read",
            "governance_manage",
            "privacy_read",
            "audit_read",
            "settings_manage",
            "data_export",
        }
    ),
    "privacy_officer": frozenset(
        {"privacy_read", "privacy_manage", "personal_data_read", "audit_read"}
    ),
    "client": frozenset(
        {
            "reports_read",
            "escalation_respond",
            "outreach_read",
            "publicity_read",
            "governance_read",
            "meeting_confirm",
            "publicity_approve",
            "privacy_approve",
            "privacy_read",
            "audit_read",
        }
    ),
}

ROLES: Final[tuple[str, ...]] = tuple(ROLE_LABELS)
