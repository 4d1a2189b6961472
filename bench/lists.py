"""The contact list: every filter and sort, the name search, against hand-written SQL (issue 16).

    .venv/bin/python bench/lists.py [--generate] [--runs 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/lists.py

The page (50 rows, the count it prints) through the test client as a guide with a verified session,
interleaved with the floor page and the one query that fetches the same rows (bench/harness.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import harness
from harness import PER_PAGE, Case, Raw, fold_term


def search_predicate(term: str) -> tuple[str, list[Any]]:
    """The substring search on the index each vendor has (the FTS5 table, or LIKE on pg_trgm)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return (
            "c.id IN (SELECT rowid FROM contacts_contact_fts WHERE search_text MATCH %s)",
            ['"' + term.replace('"', '""') + '"'],
        )
    return "c.search_text LIKE %s", ["%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"]


def municipality_names() -> str:
    """The names of a contact's municipalities of interest in the order chosen, as one string."""
    from django.db import connection

    if connection.vendor == "sqlite":  # 3.40 has no ORDER BY inside an aggregate
        return (
            "(SELECT group_concat(name, ', ') FROM (SELECT mp.name FROM contacts_contactmunicipality m "
            "JOIN parties_party mp ON mp.id = m.party_id WHERE m.contact_id = c.id ORDER BY m.position))"
        )
    return (
        "(SELECT string_agg(mp.name, ', ' ORDER BY m.position) FROM contacts_contactmunicipality m "
        "JOIN parties_party mp ON mp.id = m.party_id WHERE m.contact_id = c.id)"
    )


RAW_ORDERS = {
    "-registered": "ORDER BY c.registered_at DESC, c.id DESC",
    "name": "ORDER BY c.last_name, c.first_name, c.id",
    "status": "ORDER BY c.status, c.registered_at DESC, c.id DESC",
}


def raw_list(
    *,
    term: str = "",
    status: str = "",
    municipality_id: int | None = None,
    assigned_id: int | None = None,
    sort: str = "-registered",
) -> Raw:
    """The list page's 50 rows: name, channel, assigned party and guide, municipalities, status, date;
    with the count the page prints (exact up to COUNT_LIMIT, so it reads at most COUNT_LIMIT + 1)."""
    from inflytt.lib.pagination import COUNT_LIMIT

    conditions, params = [], []
    if term:
        predicate, predicate_params = search_predicate(term)
        conditions.append(predicate)
        params += predicate_params
    if status:
        conditions.append("c.status = %s")
        params.append(status)
    if municipality_id is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM contacts_contactmunicipality m WHERE m.contact_id = c.id AND m.party_id = %s)"
        )
        params.append(municipality_id)
    if assigned_id is not None:
        conditions.append("c.assigned_party_id = %s")
        params.append(assigned_id)
    where = " AND ".join(conditions) or "1 = 1"
    order = RAW_ORDERS[sort]
    # The page of contacts first, then the joins and the names for those 50 rows only.
    select = (
        "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.preferred_channel, c.status, "
        f"c.registered_at, p.name, g.first_name, g.last_name, {municipality_names()} AS municipalities"
    )
    page = (
        " FROM (SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.preferred_channel, c.status, "
        "c.registered_at, c.assigned_party_id, c.assigned_guide_id FROM contacts_contact c "
        f"WHERE {where} {order} LIMIT {PER_PAGE}) c "
        "JOIN parties_party p ON p.id = c.assigned_party_id LEFT JOIN accounts_user g ON g.id = c.assigned_guide_id "
        f"{order}"
    )
    total = (
        f", (SELECT COUNT(*) FROM (SELECT 1 FROM contacts_contact c WHERE {where} LIMIT {COUNT_LIMIT + 1}) n) AS total"
    )
    return Raw(select + page, params, select + total + page, params + params)


def search_ids(**filters: Any) -> list[int]:
    from inflytt.contacts.selectors import ContactFilters, contact_list

    return list(contact_list(filters=ContactFilters(**filters)).values_list("id", flat=True)[:PER_PAGE])


def orm_list(params: dict[str, str]) -> Callable[[], Any]:
    """What the list view asks of the database, without middleware, template or audit row."""
    from django.conf import settings
    from django.http import QueryDict

    from inflytt.contacts import selectors
    from inflytt.contacts.forms import ContactFilterForm
    from inflytt.lib.pagination import counted_page

    def run() -> None:
        filters = ContactFilterForm(QueryDict(urlencode(params, doseq=True))).to_filters()
        matches = selectors.contact_matches(filters=filters)
        page = counted_page(
            selectors.contact_list_values(matches, sort=filters.sort),
            counting=matches,
            page="1",
            per_page=settings.CONTACTS_PER_PAGE,
        )
        selectors.contact_rows(page.object_list)

    return run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list-query", default="lind", help="name fragment for the filtered list")
    parser.add_argument("--status", default="new")
    parser.add_argument("--municipality", default="ostersund")
    parser.add_argument("--name-query", default="lindström", help="name for the plain search")


def cases(args: argparse.Namespace) -> list[Case]:
    from inflytt.parties.models import Party

    municipality = Party.objects.get(slug=args.municipality)
    slug, party_id = municipality.slug, municipality.pk

    def case(name: str, params: dict[str, str], raw: Raw, peer: str, **filters: Any) -> Case:
        sort = params.get("sort", "-registered")
        return Case(
            name=name,
            url="/contacts/?" + urlencode(params),
            raw=raw,
            expected_ids=search_ids(sort=sort, **filters),
            orm=orm_list(params),
            id_column=0,
            peer=peer,
        )

    return [
        case("list, unfiltered", {}, raw_list(), "list"),
        case(
            f"(c) search: q={args.name_query}",
            {"q": args.name_query},
            raw_list(term=fold_term(args.name_query)),
            "search",
            query=args.name_query,
        ),
        case(
            f"municipality={slug}",
            {"municipality": slug},
            raw_list(municipality_id=party_id),
            "filtered",
            municipalities=(party_id,),
        ),
        case(
            f"assigned={slug}",
            {"assigned": slug},
            raw_list(assigned_id=party_id),
            "filtered",
            assigned_parties=(party_id,),
        ),
        case(
            f"assigned={slug}, sort=name",
            {"assigned": slug, "sort": "name"},
            raw_list(assigned_id=party_id, sort="name"),
            "filtered",
            assigned_parties=(party_id,),
        ),
        case(
            f"status={args.status}",
            {"status": args.status},
            raw_list(status=args.status),
            "filtered",
            statuses=(args.status,),
        ),
        case("sort=status", {"sort": "status"}, raw_list(sort="status"), "list"),
        case(
            f"(a) q={args.list_query}, status={args.status}, {slug}",
            {"q": args.list_query, "status": args.status, "municipality": slug},
            raw_list(term=fold_term(args.list_query), status=args.status, municipality_id=party_id),
            "filtered",
            query=args.list_query,
            statuses=(args.status,),
            municipalities=(party_id,),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    return harness.run_page_script(__doc__, cases, argv, extra_arguments=add_arguments)


if __name__ == "__main__":
    sys.exit(main())
