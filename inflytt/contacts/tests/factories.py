from __future__ import annotations

from typing import Any

from inflytt.contacts import services
from inflytt.contacts.models import Contact
from inflytt.parties.models import Party

_counter = iter(range(1, 10**9))


def contact(*, municipalities: tuple[str, ...] = (), interests: tuple[str, ...] = (), **data: Any) -> Contact:
    """A contact made through the real service, as a registration would make it."""
    number = next(_counter)
    fields: dict[str, Any] = {
        "first_name": "Anna",
        "last_name": f"Andersson{number}",
        "email": f"anna{number}@example.se",
        "phone": "+46701234567",
        "preferred_channel": "email",
    }
    source = data.pop("source", Contact.Source.PORTAL)
    registered_at = data.pop("registered_at", None)
    fields.update(data)
    return services.create_contact(
        data=fields,
        municipalities=[Party.objects.get(slug=slug) for slug in municipalities],
        interests=interests,
        source=source,
        registered_at=registered_at,
    )
