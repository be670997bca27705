"""Writes of the contract and its reference lists; each in one transaction with its audit row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core.contract_config import ContractConfig, load_contract_file
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality, Region


def contract_load(*, path: Path, actor: Any = None) -> Contract:
    """Load (or reload) a contract file and make it the active contract.

    Idempotent: reloading updates rows by their codes and never duplicates them. Mini-apps and
    categories added in the back office are kept. Atomic: a failure leaves nothing half-loaded.
    """
    config = load_contract_file(path)
    return contract_apply(config=config, source_path=str(path), actor=actor)


def contract_apply(*, config: ContractConfig, source_path: str = "", actor: Any = None) -> Contract:
    with transaction.atomic():
        existing = Contract.objects.select_for_update().filter(code=config.code).first()
        before = (
            snapshot(existing, ["name", "starts_on", "ends_on", "is_active"]) if existing else {}
        )
        Contract.objects.filter(is_active=True).exclude(code=config.code).update(is_active=False)
        contract, created = Contract.objects.update_or_create(
            code=config.code,
            defaults={
                "name": config.name,
                "fiscal_year": config.fiscal_year,
                "client": config.client,
                "contractor": config.contractor,
                "starts_on": config.starts_on,
                "ends_on": config.ends_on,
                "is_active": True,
                "config": config.to_json(),
                "source_path": source_path,
                "loaded_at": timezone.now(),
            },
        )
        regions = {}
        for r in config.regions:
            regions[r.code], _ = Region.objects.update_or_create(
                contract=contract,
                code=r.code,
                defaults={"name": r.name, "official_name": r.official_name, "order": r.order},
            )
        municipalities = {}
        for m in config.municipalities:
            municipalities[m.code], _ = Municipality.objects.update_or_create(
                contract=contract,
                code=m.code,
                defaults={
                    "name": m.name,
                    "kana": m.kana,
                    "region": regions[m.region],
                    "order": m.order,
                },
            )
        for a in config.mini_apps:
            app, _ = MiniApp.objects.update_or_create(
                contract=contract,
                code=a.code,
                defaults={
                    "name": a.name,
                    "short_name": a.short_name,
                    "description": a.description,
                    "order": a.order,
                },
            )
            app.target_municipalities.set([municipalities[c] for c in a.target_municipalities])
        for c in config.categories:
            InquiryCategory.objects.update_or_create(
                contract=contract, code=c.code, defaults={"name": c.name, "order": c.order}
            )
        after = snapshot(contract, ["name", "starts_on", "ends_on", "is_active"])
        audit_record(
            actor=actor,
            action="contract.load" if created else "contract.reload",
            obj=contract,
            changes=diff(before, after),
            note=source_path,
        )
    return contract


MINI_APP_FIELDS = [
    "code",
    "name",
    "short_name",
    "description",
    "order",
    "is_active",
    "available_from",
]
CATEGORY_FIELDS = ["code", "name", "description", "order", "is_active"]


def mini_app_save(*, actor: Any, app: MiniApp) -> MiniApp:
    """Create or update a mini-app (validated); added mid-year with no deploy."""
    with transaction.atomic():
        before = snapshot(MiniApp.objects.get(pk=app.pk), MINI_APP_FIELDS) if app.pk else {}
        app.full_clean()
        app.save()
        audit_record(
            actor=actor,
            action="mini_app.update" if before else "mini_app.create",
            obj=app,
            changes=diff(before, snapshot(app, MINI_APP_FIELDS)),
        )
    return app


def category_save(*, actor: Any, category: InquiryCategory) -> InquiryCategory:
    with transaction.atomic():
        before = (
            snapshot(InquiryCategory.objects.get(pk=category.pk), CATEGORY_FIELDS)
            if category.pk
            else {}
        )
        category.full_clean()
        category.save()
        audit_record(
            actor=actor,
            action="category.update" if before else "category.create",
            obj=category,
            changes=diff(before, snapshot(category, CATEGORY_FIELDS)),
        )
    return category
