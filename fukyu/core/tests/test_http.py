"""The one file response: Japanese names survive, the type follows the name, nothing is cached."""

from __future__ import annotations

from urllib.parse import quote

from fukyu.core.http import download


def test_japanese_name_type_from_the_name_and_no_store() -> None:
    response = download(b"PK..", "人員計画_miyagi-r6.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('人員計画_miyagi-r6.xlsx')}"
    )
    assert response["Cache-Control"] == "no-store"
    assert response.content == b"PK.."


def test_inline_and_given_type() -> None:
    response = download(b"%PDF", "event-report-3.pdf", "application/pdf", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="event-report-3.pdf"'
    assert response["Content-Type"] == "application/pdf"
