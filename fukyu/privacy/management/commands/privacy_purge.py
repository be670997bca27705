"""manage.py privacy_purge [--dry-run] [--all]: erase personal data past its retention rule (or
all of it at the end of the contract), verify that nothing remains, and write the certificate."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.accounts.models import User
from fukyu.core import clock
from fukyu.core.selectors import NoActiveContractError, active_contract
from fukyu.core.wareki import wareki
from fukyu.privacy.purge import PurgeError, personal_data_purge
from fukyu.privacy.retention import RetentionConfigError
from fukyu.privacy.roster import pi_manager_name


class Command(BaseCommand):
    help = "保存期間を過ぎた個人情報（--all で全件）を消去し、残存がないことを確認して消去証明書を作成します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="件数を表示するだけで消去しない")
        parser.add_argument(
            "--all",
            action="store_true",
            help="契約終了時：すべての個人情報を消去し、暗号鍵も破棄する",
        )
        parser.add_argument(
            "--force", action="store_true", help="契約終了日より前でも --all を実行する"
        )
        parser.add_argument("--user", default="", help="実行者の利用者名（記録用）")
        parser.add_argument(
            "--responsible",
            default="",
            help="証明書に記す責任者の氏名（既定: 名簿の個人情報管理責任者）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            contract = active_contract()
        except NoActiveContractError as exc:
            raise CommandError(str(exc)) from exc
        ends_on = contract.settings.ends_on
        early = clock.today() <= ends_on and not options["force"]
        if options["all"] and not options["dry_run"] and early:
            raise CommandError(
                f"契約終了日（{wareki(ends_on)}）までは --all で全件を消去できません。"
                "発注者の指示で早めに消去する場合は --force を付けてください"
            )
        actor_label = options["user"] or f"manage.py（{getpass.getuser()}）"
        if options["user"] and not User.objects.filter(username=options["user"]).exists():
            raise CommandError(f"利用者 {options['user']} が見つかりません")
        responsible = options["responsible"] or pi_manager_name(contract=contract)
        if not responsible and not options["dry_run"]:
            raise CommandError(
                "証明書に記す責任者を --responsible で指定してください"
                "（名簿に個人情報管理責任者が登録されていません）"
            )
        try:
            result = personal_data_purge(
                contract=contract,
                actor_label=actor_label,
                responsible=responsible,
                everything=options["all"],
                dry_run=options["dry_run"],
            )
        except (PurgeError, RetentionConfigError) as exc:
            raise CommandError(str(exc)) from exc
        verb = "消去予定" if result.dry_run else "消去"
        for kind in result.kinds:
            rule = "全件" if kind.retention_days is None else f"保存期間 {kind.retention_days}日"
            detail = (
                f"{kind.total}件"
                if result.dry_run
                else f"削除 {kind.deleted}件・匿名化 {kind.anonymised}件"
            )
            self.stdout.write(f"{kind.label}（{kind.code}、{rule}）: {verb} {detail}")
        if result.dry_run:
            self.stdout.write(f"合計 {result.total}件（--dry-run のため何も変更していません）")
            return
        scan = result.scan
        if scan is None:
            raise CommandError("照合が行われませんでした")
        self.stdout.write(
            f"監査ログの墨消し {result.audit_redacted}件、照合 {scan.columns}列 × {scan.values}通り"
            + ("、データベースファイルも照合" if scan.raw_file_scanned else "")
        )
        if not scan.clean:
            places = [*scan.hits, *(f"ファイル {name}" for name in scan.raw_hits)]
            raise CommandError(
                "消去後も個人情報が残っています（証明書は作成していません）: " + "、".join(places)
            )
        disposal = result.key_disposal
        if disposal is not None:
            if disposal.destroyed_file:
                self.stdout.write(f"暗号鍵を破棄しました（鍵ファイル {disposal.destroyed_file}）")
            for var in disposal.operator_vars:
                self.stdout.write(
                    self.style.WARNING(
                        f"環境変数 {var} の鍵は運用者が破棄してください（値と控えの両方）"
                    )
                )
        self.stdout.write(self.style.SUCCESS(f"消去証明書: {result.certificate}"))
