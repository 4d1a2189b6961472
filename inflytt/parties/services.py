from __future__ import annotations

from django.db import transaction

from inflytt.parties.models import Party
from inflytt.parties.reference import PARTIES


@transaction.atomic
def load_reference_parties() -> tuple[int, int]:
    """Create or update the reference parties; returns (created, updated).

    Idempotent: `make run` calls it at every start. Fields a coordinator maintains in the app
    (contact person, embed origins, active) are never overwritten.
    """
    created = updated = 0
    for row in PARTIES:
        party, was_created = Party.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "kind": row["kind"], "population": row["population"]}
        )
        if was_created:
            created += 1
        elif (party.name, party.kind) != (row["name"], row["kind"]):
            party.name, party.kind = row["name"], row["kind"]
            party.save(update_fields=["name", "kind"])
            updated += 1
    return created, updated
