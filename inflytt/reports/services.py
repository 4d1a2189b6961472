"""Writes of the reports app: mailing a quarter's reports to the parties."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.parties.models import Party
from inflytt.reports.models import ReportDispatch
from inflytt.reports.periods import Period
from inflytt.reports.selectors import report_parties
from inflytt.reports.tasks import deliver_report


@dataclass(frozen=True)
class Sending:
    queued: list[ReportDispatch]
    missing: list[Party]  # active parties without a contact email


@transaction.atomic
def send_quarterly_reports(*, period: Period, acting_user: User) -> Sending:
    """Mail each party's report for `period` to its contact person, as a PDF.

    The 2025 agreement, section 5: "Region Jämtland Härjedalen ska kvartalsvis återrapportera
    uppdraget till kommunerna. Återrapporteringen ska inkludera en ekonomisk rapport." and
    Bilaga 3: "En kontaktperson från varje kommun ska finnas för detta avtal." The mail leaves
    Inflytt, so it carries steering's view: aggregates, small cells suppressed. Each mail is one
    ReportDispatch row (the log); the PDFs are made and sent by the task queue after commit.
    """
    queued: list[ReportDispatch] = []
    missing: list[Party] = []
    for party in report_parties():
        if not party.contact_email:
            missing.append(party)
            continue
        queued.append(
            ReportDispatch.objects.create(
                period=period.key, party=party, email=party.contact_email, sent_by=acting_user
            )
        )
    record_event(
        action=AuditEvent.Action.EXPORT,
        actor=acting_user,
        detail={"report": period.key, "dispatches": [dispatch.pk for dispatch in queued]},
    )
    ids = [dispatch.pk for dispatch in queued]
    transaction.on_commit(lambda: [deliver_report(pk) for pk in ids])
    return Sending(queued=queued, missing=missing)
