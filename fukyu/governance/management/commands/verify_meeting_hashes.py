"""Check that every confirmed meeting record still has the content it was confirmed with."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.core.selectors import active_contract
from fukyu.governance.models import Meeting
from fukyu.governance.selectors import meeting_detail_list, meeting_hash_matches


class Command(BaseCommand):
    help = "確認済みの打合せ記録の内容が確認時のハッシュ値（SHA-256）と一致するかを検査します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="不一致のときだけ出力する")

    def handle(self, *args: Any, **options: Any) -> None:
        meetings = meeting_detail_list(contract=active_contract()).filter(
            status=Meeting.Status.CONFIRMED
        )
        bad = []
        count = 0
        for meeting in meetings.order_by("number"):
            count += 1
            if meeting_hash_matches(meeting):
                if not options["quiet"]:
                    self.stdout.write(f"一致　 第{meeting.number}号 {meeting.content_sha256}")
            else:
                bad.append(meeting)
                self.stdout.write(f"不一致 第{meeting.number}号「{meeting.title}」")
        if bad:
            raise CommandError(
                f"確認済みの打合せ記録 {count} 件のうち {len(bad)} 件が確認時の内容と一致しません"
            )
        self.stdout.write(f"確認済みの打合せ記録 {count} 件はすべて確認時の内容のままです")
