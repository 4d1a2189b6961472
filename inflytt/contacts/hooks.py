"""What the apps above contacts do when something happens to a card.

Contacts sits low in the dependency graph: intake and mailings end subscriptions, but what an ended
subscription means for the card (privacy: the consent withdrawn, a card kept only for the
newsletter deleted) belongs to an app above them; guidance reads bounces from the mailbox, but the
list of bouncing addresses is the mailings app's. That app registers its handler here at start-up
(AppConfig.ready), so no app imports one above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from inflytt.accounts.models import User
    from inflytt.contacts.models import Contact


class NewsletterEndedHandler(Protocol):
    def __call__(self, *, contact: Contact, acting_user: User | None = None) -> bool: ...


_newsletter_ended: list[Callable[..., bool]] = []


def on_newsletter_ended(handler: NewsletterEndedHandler) -> NewsletterEndedHandler:
    """Register `handler(contact=, acting_user=) -> bool` (True: it deleted the card)."""
    if handler not in _newsletter_ended:
        _newsletter_ended.append(handler)
    return handler


def newsletter_ended(*, contact: Contact, acting_user: User | None = None) -> bool:
    """Call after a newsletter subscription ended, in the same transaction; True when the card is gone."""
    deleted = False
    for handler in _newsletter_ended:
        deleted = handler(contact=contact, acting_user=acting_user) or deleted
    return deleted


class AddressBouncedHandler(Protocol):
    def __call__(self, *, contact: Contact, address: str, code: str) -> None: ...


_address_bounced: list[AddressBouncedHandler] = []


def on_address_bounced(handler: AddressBouncedHandler) -> AddressBouncedHandler:
    """Register `handler(contact=, address=, code=)`: mailings stops sending to a bouncing address."""
    if handler not in _address_bounced:
        _address_bounced.append(handler)
    return handler


def address_bounced(*, contact: Contact, address: str, code: str) -> None:
    """Call when mail to the card's address failed for good (a 5.x.x bounce read from the mailbox)."""
    for handler in _address_bounced:
        handler(contact=contact, address=address, code=code)
