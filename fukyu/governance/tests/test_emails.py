"""Agreements made by e-mail: a real .eml (built with EmailMessage) fills the record."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from email.message import EmailMessage

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.governance.eml import EmlError, parse_eml
from fukyu.governance.models import EmailAgreement, Meeting
from fukyu.governance.services import (
    StateConflictError,
    email_agreement_create,
    email_agreement_promote,
)


def sample_eml(*, charset: str = "utf-8", html: bool = False) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = "【確認】ポスター掲出先の追加について"
    msg["From"] = "県職員 一郎 <ichiro@pref.example.jp>"
    msg["To"] = "受注 花子 <hanako@contractor.example.jp>"
    msg["Cc"] = "課長 <kacho@pref.example.jp>"
    msg["Date"] = "Wed, 16 Oct 2024 09:15:00 +0900"
    msg["Message-ID"] = "<20241016091500.1@pref.example.jp>"
    msg.set_content(
        "受注 花子 様\n\nポスターの掲出先に道の駅3か所を追加することで了解しました。\n",
        charset=charset,
    )
    if html:
        msg.add_alternative("<p>ポスターの掲出先に道の駅3か所を追加</p>", subtype="html")
        msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="一覧.pdf")
    return msg.as_bytes()


@pytest.fixture
def manager(make_user: Callable[..., User]) -> User:
    return make_user("manager", display_name="受注 花子")


@pytest.mark.parametrize("charset", ["utf-8", "iso-2022-jp"])
def test_parse_reads_headers_and_body(charset: str) -> None:
    parsed = parse_eml(sample_eml(charset=charset, html=True))
    assert parsed.subject == "【確認】ポスター掲出先の追加について"
    assert parsed.sender == "県職員 一郎 <ichiro@pref.example.jp>"
    assert parsed.recipients == (
        "受注 花子 <hanako@contractor.example.jp>",
        "課長 <kacho@pref.example.jp>",
    )
    assert parsed.sent_at == dt.datetime(
        2024, 10, 16, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=9))
    )
    assert parsed.message_id == "<20241016091500.1@pref.example.jp>"
    assert "道の駅3か所を追加することで了解しました" in parsed.body


def test_parse_refuses_what_is_not_an_email() -> None:
    with pytest.raises(EmlError):
        parse_eml(b"")
    with pytest.raises(EmlError, match="読めません"):
        parse_eml("これはメールではありません".encode())


def test_create_prefills_from_eml_and_keeps_the_file(contract: Contract, manager: User) -> None:
    raw = sample_eml()
    agreement = email_agreement_create(
        actor=manager,
        contract=contract,
        eml=SimpleUploadedFile("掲出先.eml", raw, content_type="message/rfc822"),
    )
    assert agreement.subject == "【確認】ポスター掲出先の追加について"
    assert agreement.agreed_on == dt.date(2024, 10, 16)
    assert "県職員 一郎 <ichiro@pref.example.jp>" in agreement.parties
    assert "受注 花子 <hanako@contractor.example.jp>" in agreement.parties
    assert "道の駅3か所" in agreement.summary
    assert agreement.eml_sha256 == hashlib.sha256(raw).hexdigest()
    with agreement.eml.open("rb") as fh:
        assert fh.read() == raw
    assert AuditEvent.objects.filter(action="email_agreement.create", actor=manager).exists()
    typed = email_agreement_create(
        actor=manager,
        contract=contract,
        eml=SimpleUploadedFile("x.eml", raw),
        subject="掲出先の追加",
        summary="道の駅3か所を追加する。",
    )
    assert (typed.subject, typed.summary) == ("掲出先の追加", "道の駅3か所を追加する。")


def test_without_eml_the_fields_are_required(contract: Contract, manager: User) -> None:
    with pytest.raises(ValidationError):
        email_agreement_create(actor=manager, contract=contract, subject="件名のみ")
    assert not EmailAgreement.objects.exists()


def test_promote_makes_a_draft_meeting_with_the_eml_attached(
    contract: Contract, manager: User
) -> None:
    raw = sample_eml()
    agreement = email_agreement_create(
        actor=manager, contract=contract, eml=SimpleUploadedFile("掲出先.eml", raw)
    )
    meeting = email_agreement_promote(actor=manager, agreement=agreement)
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.source_email == agreement
    assert meeting.title == agreement.subject
    assert timezone.localtime(meeting.held_at).strftime("%Y-%m-%d %H:%M") == "2024-10-16 09:15"
    assert "道の駅3か所" in meeting.decisions
    assert "差出人：県職員 一郎" in meeting.minutes
    attachment = meeting.attachments.get()
    assert (attachment.name, attachment.sha256) == ("掲出先.eml", hashlib.sha256(raw).hexdigest())
    with pytest.raises(StateConflictError, match="第1号"):
        email_agreement_promote(actor=manager, agreement=agreement)


def test_email_screens(
    contract: Contract,
    manager: User,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    web = login(manager)
    bad = web.post(
        "/ops/governance/emails/new/",
        {"eml": SimpleUploadedFile("a.eml", b"garbage without headers")},
    )
    assert bad.status_code == 200
    assert "メールファイル（.eml）として読めません" in bad.content.decode()
    raw = sample_eml()
    response = web.post(
        "/ops/governance/emails/new/", {"eml": SimpleUploadedFile("掲出先.eml", raw)}
    )
    agreement = EmailAgreement.objects.get()
    assert response["Location"] == f"/ops/governance/emails/{agreement.pk}/"
    page = web.get(f"/ops/governance/emails/{agreement.pk}/").content.decode()
    assert "令和6年10月16日（水）" in page
    download = web.get(f"/ops/governance/emails/{agreement.pk}/eml/")
    assert download.content == raw
    response = web.post(f"/ops/governance/emails/{agreement.pk}/promote/")
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/ops/governance/meetings/{meeting.pk}/edit/"
    edit = web.get(response["Location"]).content.decode()
    assert "【確認】ポスター掲出先の追加について" in edit
    client = login(make_user("client"))
    assert client.get(f"/ops/governance/emails/{agreement.pk}/").status_code == 200
    assert client.post(f"/ops/governance/emails/{agreement.pk}/promote/").status_code == 403
