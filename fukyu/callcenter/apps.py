from django.apps import AppConfig


class CallcenterConfig(AppConfig):
    name = "fukyu.callcenter"
    label = "callcenter"
    verbose_name = "コールセンター"

    def ready(self) -> None:
        from fukyu.callcenter.models import Caller
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
