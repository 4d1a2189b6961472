"""Network rows made through the real services."""

from __future__ import annotations

from typing import Any

from inflytt.lib.orgnumber import luhn_ok
from inflytt.networks import services
from inflytt.networks.models import Ambassador, CoworkingSpace, Employer, RecruitmentNeed
from inflytt.parties.models import Party

_counter = iter(range(1, 10**9))


def org_number(seed: int) -> str:
    """A valid organisation number (Luhn check digit) made from a seed."""
    base = f"55{seed:07d}"[-9:]
    for check in range(10):
        if luhn_ok(base + str(check)):
            return base + str(check)
    raise AssertionError


def ambassador(*, party: str = "bracke", **data: Any) -> Ambassador:
    number = next(_counter)
    fields: dict[str, Any] = {
        "first_name": "Bo",
        "last_name": f"Ambassadör{number}",
        "email": f"bo{number}@example.se",
        "party": Party.objects.get(slug=party),
        "status": Ambassador.Status.ACTIVE,
    }
    fields.update(data)
    return services.save_network_entry(instance=Ambassador(**fields), acting_user=None)  # type: ignore[return-value]


def coworking(*, party: str = "bracke", **data: Any) -> CoworkingSpace:
    number = next(_counter)
    fields: dict[str, Any] = {"name": f"Cowork {number}", "party": Party.objects.get(slug=party)}
    fields.update(data)
    return services.save_network_entry(instance=CoworkingSpace(**fields), acting_user=None)  # type: ignore[return-value]


def employer(*, party: str = "bracke", needs: tuple[str, ...] = (), **data: Any) -> Employer:
    number = next(_counter)
    fields: dict[str, Any] = {
        "name": f"Företag {number} AB",
        "org_number": org_number(number),
        "party": Party.objects.get(slug=party),
    }
    fields.update(data)
    row = services.save_employer(employer=Employer(**fields), acting_user=None)
    for occupation in needs:
        services.save_network_entry(instance=RecruitmentNeed(employer=row, occupation=occupation), acting_user=None)
    return row
