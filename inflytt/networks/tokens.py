"""The signed RSVP link of an ambassador's invitation. Its own salt, and it names the invitation,
the ambassador and the event, so it answers that one invitation of that one ambassador and
nothing else (docs/security.md: a link made for one person and one purpose is worthless for anything
else). Only ids go in. It expires like the newcomers' RSVP links (INFLYTT_RSVP_LINK_DAYS) and
stops working when the event starts (checked where it is read)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from inflytt.mailings import links

SALT = "inflytt.networks.ambassador-rsvp"
UNSUBSCRIBE_SALT = "inflytt.networks.ambassador-unsubscribe"
MAX_TOKEN = 300


@dataclass(frozen=True)
class AmbassadorRSVP:
    invitation_id: int
    ambassador_id: int
    event_id: int


def rsvp_token(*, invitation_id: int, ambassador_id: int, event_id: int) -> str:
    return signing.dumps({"i": invitation_id, "a": ambassador_id, "e": event_id, "p": "ambassador-rsvp"}, salt=SALT)


def read_rsvp_token(token: str) -> AmbassadorRSVP | None:
    try:
        value = signing.loads(token[:MAX_TOKEN], salt=SALT, max_age=links.rsvp_link_days() * 24 * 3600)
        if value["p"] != "ambassador-rsvp":
            return None
        return AmbassadorRSVP(invitation_id=int(value["i"]), ambassador_id=int(value["a"]), event_id=int(value["e"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_token(*, ambassador_id: int, invitation_id: int) -> str:
    """No more invitations for this ambassador: names the ambassador and the invitation it came in."""
    return signing.dumps({"a": ambassador_id, "i": invitation_id, "p": "ambassador-unsubscribe"}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    """(ambassador id, invitation id) of a link signed by us. It does not expire: saying no to
    more mail must stay as easy as it was to get it."""
    try:
        value = signing.loads(token[:MAX_TOKEN], salt=UNSUBSCRIBE_SALT)
        if value["p"] != "ambassador-unsubscribe":
            return None
        return int(value["a"]), int(value["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
