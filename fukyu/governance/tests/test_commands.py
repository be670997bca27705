"""The hash check command, and concurrent numbering on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from fukyu.accounts.models import User
from fukyu.core.models import Contract
from fukyu.core.services import contract_load
from fukyu.governance.models import Meeting
from fukyu.governance.services import meeting_confirm
from fukyu.governance.tests.factories import make_meeting


def test_verify_meeting_hashes(
    contract: Contract, make_user: Callable[..., User], capsys: Any
) -> None:
    manager, client = make_user("manager"), make_user("client")
    meeting = meeting_confirm(actor=client, meeting=make_meeting(contract, manager, submit=True))
    call_command("verify_meeting_hashes")
    assert "1 件はすべて確認時の内容のまま" in capsys.readouterr().out
    Meeting.objects.filter(pk=meeting.pk).update(minutes="書き換え")
    with pytest.raises(CommandError, match="1 件が確認時の内容と一致しません"):
        call_command("verify_meeting_hashes", "--quiet")
    assert "不一致 第1号" in capsys.readouterr().out


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gets_distinct_numbers(make_user: Callable[..., User]) -> None:
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    manager = make_user("manager")
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            make_meeting(contract, manager, title=f"同時作成{n}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(Meeting.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
