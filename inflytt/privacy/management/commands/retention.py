"""The yearly retention from the command line: preview, then run with --confirm.

manage.py retention            # the preview: counts per party, nothing changes
manage.py retention --confirm  # propose, start and carry out the run (or continue an interrupted one)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from inflytt.lib.dates import retention_cutoff
from inflytt.privacy import services
from inflytt.privacy.models import RetentionRun
from inflytt.privacy.selectors import retention_preview, running_retention


class Command(BaseCommand):
    help = "Delete contacts without registered activity for INFLYTT_RETENTION_YEARS (preview unless --confirm)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--confirm", action="store_true", help="Carry out the run.")

    def handle(self, *args: Any, confirm: bool = False, **options: Any) -> None:
        cutoff = retention_cutoff()
        self.stdout.write(f"No activity since {cutoff:%Y-%m-%d %H:%M}")
        for row in retention_preview(cutoff=cutoff):
            self.stdout.write(f"{row.party.slug:<16} delete {row.delete:>7}  reduce {row.reduce:>7}")
        if not confirm:
            return
        running = running_retention()
        if running is not None:
            if not services.claim_for_resume(run=running):
                raise CommandError(str(services.ALREADY_RUNNING))
            run = running
        else:
            try:
                run = services.start_retention(run=services.propose_retention(), acting_user=None)
            except services.RetentionAlreadyRunning as error:
                raise CommandError(str(error)) from None
        run = services.execute_retention(run_id=run.pk)
        if run.state != RetentionRun.State.DONE:
            raise CommandError(f"run {run.pk} stopped in state {run.state}")
        for slug, counts in sorted(run.counts.items()):
            self.stdout.write(f"{slug:<16} deleted {counts['deleted']:>7}  reduced {counts['reduced']:>7}")
        self.stdout.write(f"audit events past retention deleted: {run.audit_events_deleted}")
