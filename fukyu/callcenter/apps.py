from django.apps import AppConfig


class CallcenterConfig(AppConfig):
    name = "fukyu.callcenter"
    label = "callcenter"
    verbose_name = "コールセンター"

    def ready(self) -> None:
        from fukyu.callcenter.models import Caller, CallRecord
        from fukyu.privacy.registry import BlindIndex, PersonalDataKind, register

        register(
            PersonalDataKind(
                code="caller",
                label="問い合わせ者（氏名・電話番号）",
                model=Caller,
                fields=("name", "phone"),
                date_field="received_at",
                anonymise=None,
                blind_indexes=(BlindIndex(column="phone_hash", source="phone", purpose="phone"),),
            )
        )
        register(
            PersonalDataKind(
                code="call_record",
                label="通話記録の発信者番号（ハッシュ）",
                model=CallRecord,
                fields=("caller_hash",),
                date_field="start",
                plaintext=False,
                # The call itself stays for the statistics; only the caller's trace goes.
                bulk_anonymise=lambda qs: qs.update(caller_hash=""),
            )
        )
