"""Photo upload without EXIF, and the event report PDF read back with pypdf."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import ExifTags, Image
from pypdf import PdfReader

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.outreach.models import EventMaterial, EventPhoto, EventStatus
from fukyu.outreach.tests.factories import EventFactory, make_taps


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> Client:
    return login(make_user("outreach"))


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: rotate 90° clockwise to view
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (38.0, 15.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (140.0, 52.0, 10.0),
    }
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(client: Client, pk: int, data: bytes, name: str = "photo.jpg", caption: str = "") -> Any:
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        f"/ops/outreach/events/{pk}/photos/", {"image": file, "caption": caption}, follow=True
    )


def test_uploaded_photo_loses_its_exif_and_gps(staff: Client, contract: Contract) -> None:
    original = jpeg_with_gps()
    probe = Image.open(io.BytesIO(original)).getexif()
    assert probe.get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really carries a location
    event = EventFactory(contract=contract)
    response = upload(staff, event.pk, original, caption="会場の様子")
    assert response.status_code == 200
    assert "位置情報などの撮影データは削除済み" in response.content.decode()
    photo = EventPhoto.objects.get(event=event)
    stored = Path(photo.image.path).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert "exif" not in image.info
        exif = image.getexif()
        assert len(exif) == 0
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert image.size == (48, 64)  # turned upright before the orientation tag was dropped
    assert b"Exif" not in stored
    assert b"TestCam" not in stored
    assert AuditEvent.objects.filter(action="event.photo_add").count() == 1
    served = staff.get(f"/ops/outreach/events/{event.pk}/photos/{photo.pk}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served.content == stored


def test_not_an_image_is_refused(staff: Client, contract: Contract, media: Path) -> None:
    event = EventFactory(contract=contract)
    response = upload(staff, event.pk, b"%PDF-1.4 not a photo", name="x.jpg")
    assert "画像として読み取れません" in response.content.decode()
    assert EventPhoto.objects.count() == 0
    assert not any(p.is_file() for p in media.rglob("*"))


def test_photo_delete_removes_the_file(
    staff: Client, contract: Contract, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory(contract=contract)
    upload(staff, event.pk, jpeg_with_gps())
    photo = EventPhoto.objects.get()
    path = Path(photo.image.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/ops/outreach/events/{event.pk}/photos/{photo.pk}/delete/")
    assert response.status_code == 302
    assert not EventPhoto.objects.exists()
    assert not path.exists()
    assert AuditEvent.objects.filter(action="event.photo_delete").count() == 1


def test_photo_of_another_event_is_404(staff: Client, contract: Contract) -> None:
    event, other = EventFactory(contract=contract), EventFactory(contract=contract)
    upload(staff, event.pk, jpeg_with_gps())
    photo = EventPhoto.objects.get()
    assert staff.get(f"/ops/outreach/events/{other.pk}/photos/{photo.pk}/").status_code == 404


def test_event_report_pdf(
    staff: Client, contract: Contract, django_assert_max_num_queries: Any
) -> None:
    event = EventFactory(
        contract=contract,
        title="イオン体験会",
        status=EventStatus.HELD,
        notes="雨天のため来場者は少なめ。\n衛星WiFiは安定。",
        wifi_equipment="衛星アンテナ一式",
        wifi_result="ok",
        wifi_speed_mbps="48.50",
    )
    make_taps(event, explained=7, installed=5, age_group="70s", os="android")
    make_taps(event, installed=3, os="ios", registered=True, mini_apps=["survey"])
    EventMaterial.objects.create(event=event, name="パンフレット", brought=300, handed_out=120)
    staff.post(
        f"/ops/outreach/events/{event.pk}/checklist/", {"item": "staff_confirmed_at", "done": "1"}
    )
    upload(staff, event.pk, jpeg_with_gps(), caption="受付の様子")
    with django_assert_max_num_queries(30):
        response = staff.get(f"/ops/outreach/events/{event.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for needle in (
        "普及イベント実施報告書",
        "イオン体験会",
        "令和6年12月7日（土） 10:00〜16:00",
        "仙台圏域",
        "15人",  # explained, both kinds
        "8人",  # installed
        "3人",  # registered
        "年代：70代",
        "OS：Android",
        "アンケートアプリ",
        "衛星アンテナ一式",
        "48.50 Mbps",
        "スタッフの確定",
        "完了",
        "パンフレット",
        "120",
        "雨天のため来場者は少なめ。",
        "受付の様子",
    ):
        assert needle in text, needle
    assert sum(len(page.images) for page in reader.pages) == 1
    assert reader.metadata is not None
    assert reader.metadata.title == "普及イベント実施報告書 イオン体験会"


def test_report_for_an_event_without_anything(staff: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract, status=EventStatus.DRAFT)
    response = staff.get(f"/ops/outreach/events/{event.pk}/report.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "（写真なし）" in text
    assert "（記録なし）" in text
    assert "0人" in text
