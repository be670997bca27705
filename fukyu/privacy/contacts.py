"""Contact details of people who are not staff: the personal-data kind "contact"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from fukyu.accounts.permissions import has_perm
from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.privacy.crypto import blind_index, blind_indexes, mask_name, mask_phone, normalize_phone
from fukyu.privacy.models import Incident, PersonalContact
from fukyu.privacy.registry import BlindIndex, PersonalDataKind, register

CONTACT_FIELDS = ("name", "phone", "email", "address")
PHONE_PURPOSE = "privacy.contact.phone"


def contact_anonymise(obj: models.Model) -> None:
    """Blank every personal field (ciphertext included) and the lookup hash; the row stays, so
    incident statistics keep their counts."""
    if not isinstance(obj, PersonalContact):
        raise TypeError("PersonalContact expected")
    for name in CONTACT_FIELDS:
        setattr(obj, name, "")
    obj.phone_index = ""
    obj.anonymised = True
    obj.save(update_fields=[*CONTACT_FIELDS, "phone_index", "anonymised"])


def register_contact_kind() -> None:
    register(
        PersonalDataKind(
            code="contact",
            label="連絡先（職員以外）",
            model=PersonalContact,
            fields=CONTACT_FIELDS,
            date_field="recorded_on",
            anonymise=contact_anonymise,
            blind_indexes=(
                BlindIndex(column="phone_index", source="phone", purpose=PHONE_PURPOSE),
            ),
        )
    )


def personal_contact_create(
    *,
    actor: Any,
    contract: Contract,
    relation: str,
    name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    incident: Incident | None = None,
) -> PersonalContact:
    if not has_perm(actor, "privacy_manage"):
        raise PermissionDenied("連絡先を登録する権限がありません")
    if not (name.strip() and (phone.strip() or email.strip() or address.strip())):
        raise ValidationError("氏名と、電話番号・メールアドレス・住所のいずれかを入力してください")
    contact = PersonalContact(
        contract=contract,
        incident=incident,
        relation=relation.strip(),
        name=name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        phone_index=blind_index(normalize_phone(phone), purpose=PHONE_PURPOSE) if phone else "",
        recorded_on=clock.today(),
    )
    contact.full_clean()
    with transaction.atomic():
        contact.save()
        # Only which fields were filled reaches the audit log, never their values.
        filled = [f for f in CONTACT_FIELDS if getattr(contact, f)]
        audit_record(
            actor=actor,
            action="personal_contact.create",
            obj=contact,
            changes={"relation": [None, contact.relation]},
            note="記録した項目: " + "、".join(filled),
        )
    return contact


def contact_find_by_phone(*, contract: Contract, phone: str) -> list[PersonalContact]:
    digits = normalize_phone(phone)
    if not digits:
        return []
    indexes = blind_indexes(digits, purpose=PHONE_PURPOSE)
    return list(PersonalContact.objects.filter(contract=contract, phone_index__in=indexes))


def contact_masked(contact: PersonalContact) -> dict[str, str]:
    return {
        "name": mask_name(contact.name),
        "phone": mask_phone(contact.phone) if contact.phone else "",
        "email": "＊＊＊＠" + contact.email.split("@")[-1] if "@" in contact.email else "",
        "address": contact.address[:3] + "＊＊＊" if contact.address else "",
    }
