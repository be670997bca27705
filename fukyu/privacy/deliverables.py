"""Personal-information compliance records for the deliverables package: trainings held,
incidents (counts and status only), purge runs and the deletion certificate if one exists.
No personal data: no names of trainees, callers or people affected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from fukyu.core.exports import DeliverableFile
from fukyu.core.models import Contract
from fukyu.privacy.models import Incident, PurgeRun, TrainingSession
from fukyu.reports.files import Dataset, dataset_files

FOLDER = "05_データ/個人情報の取扱い"


def _datasets(contract: Contract) -> list[Dataset]:
    trainings = Dataset(
        "研修の実施記録",
        "個人情報の取扱いに関する研修（実施日・内容・時間・受講者数）",
        ["実施日", "研修名", "時間（分）", "受講者数"],
    )
    for s in (
        TrainingSession.objects.filter(contract=contract)
        .annotate(n=Count("attendances"))
        .order_by("held_on", "pk")
    ):
        trainings.rows.append([s.held_on.isoformat(), s.title, s.minutes, s.n])
    incidents = Dataset(
        "事故等の記録",
        "個人情報の漏えい等の事故（件名・人数・件数・状況のみ）",
        ["発見日", "件名", "影響人数", "件数", "状況"],
    )
    for i in Incident.objects.filter(contract=contract).order_by("discovered_at", "pk"):
        incidents.rows.append(
            [
                f"{timezone.localtime(i.discovered_at):%Y-%m-%d}",
                i.title,
                i.people_affected,
                i.records_affected,
                i.get_status_display(),
            ]
        )
    purges = Dataset(
        "消去の記録",
        "個人情報の消去の実施記録",
        ["実施日時", "対象", "種類別件数", "残存なしを確認"],
    )
    for p in PurgeRun.objects.filter(contract=contract).order_by("at", "pk"):
        counts = "、".join(f"{k}:{v}" for k, v in sorted(p.counts.items()))
        purges.rows.append(
            [
                f"{timezone.localtime(p.at):%Y-%m-%d %H:%M}",
                p.get_mode_display(),
                counts,
                "確認済み" if p.verified else "未確認",
            ]
        )
    return [trainings, incidents, purges]


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    for ds in _datasets(contract):
        yield from dataset_files(FOLDER, ds, as_of)
    run = (
        PurgeRun.objects.filter(contract=contract, verified=True)
        .exclude(certificate="")
        .order_by("-at")
        .first()
    )
    if run is not None:
        path = Path(settings.MEDIA_ROOT) / run.certificate
        if path.is_file():
            yield DeliverableFile(
                f"{FOLDER}/消去証明書.pdf", path.read_bytes(), "個人情報の消去証明書"
            )
