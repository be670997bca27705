"""manage.py run_scheduled — for cron (e.g. every 10 minutes): builds daily reports after
closing and delivers those ready. Running it twice sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fukyu.callcenter.report_services import run_scheduled
from fukyu.core.selectors import active_contract


class Command(BaseCommand):
    help = "閉所後に日報を作成し、確認済みの日報を発注者へ提出します（cron 用、重複送信なし）"

    def handle(self, *args: Any, **options: Any) -> None:
        lines = run_scheduled(contract=active_contract())
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("提出待ちの日報はありません")
