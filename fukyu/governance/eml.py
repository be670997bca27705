"""Read what a saved e-mail (.eml, RFC 5322) says about itself, with Python's email package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from fukyu.core.calendar import TOKYO

MAX_BODY_CHARS = 4000


class EmlError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedEmail:
    subject: str
    sender: str
    recipients: tuple[str, ...]
    sent_at: dt.datetime | None
    message_id: str
    body: str

    @property
    def parties(self) -> str:
        return "\n".join(dict.fromkeys([self.sender, *self.recipients]))


def _addresses(message: EmailMessage, header: str) -> list[str]:
    values = [str(v) for v in message.get_all(header, [])]
    result = []
    for name, address in getaddresses(values):
        if not address:
            continue
        result.append(f"{name} <{address}>" if name else address)
    return result


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeDecodeError):
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(text, str):
        return ""
    return text.strip()[:MAX_BODY_CHARS]


def parse_eml(data: bytes) -> ParsedEmail:
    if not data.strip():
        raise EmlError("メールファイルが空です")
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except (TypeError, ValueError) as exc:  # pragma: no cover (the parser is lenient)
        raise EmlError("メールファイルとして読めません") from exc
    if not isinstance(message, EmailMessage) or not (
        message.get("From") or message.get("Subject") or message.get("Date")
    ):
        raise EmlError("メールファイル（.eml）として読めません：差出人・件名・日付がありません")
    sent_at = None
    raw_date = message.get("Date")
    if raw_date:
        try:
            parsed = parsedate_to_datetime(str(raw_date))
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None:
            sent_at = parsed.astimezone(TOKYO) if parsed.tzinfo else parsed.replace(tzinfo=TOKYO)
    senders = _addresses(message, "From")
    return ParsedEmail(
        subject=str(message.get("Subject", "")).strip(),
        sender=senders[0] if senders else "",
        recipients=tuple(_addresses(message, "To") + _addresses(message, "Cc")),
        sent_at=sent_at,
        message_id=str(message.get("Message-ID", "")).strip(),
        body=_body(message),
    )
