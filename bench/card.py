"""The contact card of the contact with 1 000 activities (50 shown) against hand-written SQL (issue 16).

.venv/bin/python bench/card.py [--generate] [--runs 15]
DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/card.py
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import common
import harness
from harness import PER_PAGE, Case, Raw


def raw_card(contact_id: int) -> Raw:
    """The card's contact row with its parties and guide, and the first 50 activities with author and party."""
    select = (
        "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.preferred_channel, c.language, "
        "c.current_city, c.current_country, c.adults, c.children, c.occupation, c.message, c.status, "
        "c.registered_at, c.first_response_due, c.first_response_at, p.name, g.first_name, g.last_name, "
        "a.id, a.kind, a.occurred_at, a.subject, a.body, a.follow_up_on, au.first_name, au.last_name, ap.name"
    )
    # The page of activities first (the timeline index gives it in order), then the joins for those rows.
    order = "ORDER BY a.occurred_at DESC, a.id DESC"
    body = (
        " FROM (SELECT a.id, a.contact_id, a.kind, a.occurred_at, a.subject, a.body, a.follow_up_on, a.author_id, "
        f"a.party_id FROM contacts_activity a WHERE a.contact_id = %s {order} LIMIT {PER_PAGE}) a "
        "JOIN contacts_contact c ON c.id = a.contact_id JOIN parties_party p ON p.id = c.assigned_party_id "
        "LEFT JOIN accounts_user g ON g.id = c.assigned_guide_id "
        "LEFT JOIN accounts_user au ON au.id = a.author_id LEFT JOIN parties_party ap ON ap.id = a.party_id "
        f"{order}"
    )
    total = ", (SELECT COUNT(*) FROM contacts_activity t WHERE t.contact_id = %s) AS total"
    return Raw(select + body, [contact_id], select + total + body, [contact_id, contact_id])


def orm_card(pk: int) -> Callable[[], Any]:
    """What the card view asks of the database: the card, its lists and the first page of its timeline."""
    from django.conf import settings

    from inflytt.contacts import selectors
    from inflytt.lib.pagination import window_page

    def run() -> None:
        contact = selectors.contact_card(pk=pk, rows=False)
        selectors.card_details(contact)
        page = window_page(selectors.contact_timeline(contact=contact), page="1", per_page=settings.ACTIVITIES_PER_PAGE)
        selectors.timeline_rows(page.object_list)

    return run


def cases(args: argparse.Namespace) -> list[Case]:
    from inflytt.contacts.models import Contact
    from inflytt.contacts.selectors import contact_activities

    card = Contact.objects.get(email_normalised=common.CARD_EMAIL)
    return [
        Case(
            name=f"(b) card with {card.activities.count():,} activities",
            url=f"/contacts/{card.pk}/",
            raw=raw_card(card.pk),
            expected_ids=list(contact_activities(contact=card).values_list("id", flat=True)[:PER_PAGE]),
            orm=orm_card(card.pk),
            id_column=20,
            peer="card",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return harness.run_page_script(__doc__, cases, argv)


if __name__ == "__main__":
    sys.exit(main())
