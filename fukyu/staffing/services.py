"""Writes of the staffing app: its settings and peak days, each with its audit row."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core.models import Contract
from fukyu.staffing.models import PeakDay, StaffingSettings, default_curve_for

SETTINGS_FIELDS = [
    "aht_seconds",
    "service_level_percent",
    "service_level_seconds",
    "shrinkage_percent",
    "max_occupancy_percent",
    "patience_seconds",
    "blocking_percent",
    "day_of_week_weights",
    "intraday_curve",
]
PEAK_FIELDS = ["date", "multiplier", "note"]


def staffing_settings_ensure(*, contract: Contract) -> StaffingSettings:
    """The contract's settings row, created with the defaults the first time it is needed."""
    found = StaffingSettings.objects.filter(contract=contract).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            created = StaffingSettings(
                contract=contract, intraday_curve=default_curve_for(contract.settings)
            )
            created.full_clean()
            created.save()
            audit_record(
                actor=None,
                action="staffing_settings.create",
                obj=created,
                changes=diff({}, snapshot(created, SETTINGS_FIELDS)),
                note="初回利用時に既定値で作成",
            )
            return created
    except IntegrityError:
        # Another request created it at the same moment.
        return StaffingSettings.objects.get(contract=contract)


def staffing_settings_update(*, actor: Any, settings: StaffingSettings) -> StaffingSettings:
    """Save edited settings (validated against the contract's opening hours), audited."""
    with transaction.atomic():
        stored = StaffingSettings.objects.select_for_update().get(pk=settings.pk)
        before = snapshot(stored, SETTINGS_FIELDS)
        settings.full_clean()
        settings.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        settings.save()
        changes = diff(before, snapshot(settings, SETTINGS_FIELDS))
        if changes:
            audit_record(
                actor=actor, action="staffing_settings.update", obj=settings, changes=changes
            )
    return settings


def peak_day_save(*, actor: Any, peak: PeakDay) -> PeakDay:
    """Create or update a peak day, audited."""
    with transaction.atomic():
        before = snapshot(PeakDay.objects.get(pk=peak.pk), PEAK_FIELDS) if peak.pk else {}
        peak.full_clean()
        peak.save()
        audit_record(
            actor=actor,
            action="peak_day.update" if before else "peak_day.create",
            obj=peak,
            changes=diff(before, snapshot(peak, PEAK_FIELDS)),
        )
    return peak


def peak_day_delete(*, actor: Any, peak: PeakDay) -> None:
    with transaction.atomic():
        before = snapshot(peak, PEAK_FIELDS)
        audit_record(actor=actor, action="peak_day.delete", obj=peak, changes=diff(before, {}))
        peak.delete()
