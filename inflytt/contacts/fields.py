"""The person's fields on a contact card, named once.

Every list of the card's own fields elsewhere is one of these tuples: the staff form and
`services.update_contact` (EDITABLE), the registration and its API (REGISTERED), the comparison
of a repeated registration (COMPARED), the person's own page (SELF_SERVICE), the file import
(IMPORTED), the merge screen and the API's JSON of a card. A new field of the person is added to
PERSON here; each subset below then takes it unless it is left out here, with the reason.
The columns are the model's (`Contact`): names, types, lengths and labels come from there.
"""

from __future__ import annotations

from collections.abc import Iterable


def _without(names: Iterable[str], *left_out: str) -> tuple[str, ...]:
    names = tuple(names)
    if unknown := set(left_out) - set(names):  # a typo would leave a field in silently
        raise ValueError(f"not in the set: {sorted(unknown)}")
    return tuple(name for name in names if name not in left_out)


# What the person tells us about themselves, in the order the card shows it.
PERSON = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_channel",
    "language",
    "current_city",
    "current_country",
    "adults",
    "children",
    "occupation",
    "message",
)

# Where a registration came from (the public form's hidden fields, the API): written once, never edited.
CAMPAIGN = ("utm_source", "utm_medium", "utm_campaign")

# Staff's own notes on the card. Status, party and the first-response clock are not here: they
# change only through their own services (guidance), which keep the log and the service level.
STAFF = ("assigned_guide", "employer_name")

# What staff's edit form shows and `update_contact` may change.
EDITABLE = (*PERSON, *STAFF)

# What a registration (the public form or the API) writes onto a new card.
REGISTERED = (*PERSON, *CAMPAIGN)

# A registration matching a known card writes none of the person's fields (anyone who knows an
# address can post the form); it records where these differ. Not the email, which is what it
# matched on, nor the questions, which are logged on the card as they are.
COMPARED = _without(PERSON, "email", "message")

# What the person may change on their own page (reached by the personal link): not the email,
# the key of that link, nor the household, occupation and questions, which go to their guide.
SELF_SERVICE = _without(PERSON, "email", "adults", "children", "occupation", "message")

# The columns of the contact list's export (contacts.export): what a guide works from, then the
# card's handling. Not the country, occupation or questions: the export is a working list, and
# the card holds the rest.
EXPORTED = (
    *_without(PERSON, "current_country", "occupation", "message"),
    "status",
    "assigned_party",
    "assigned_guide",
    "registered_at",
    "first_response_due",
)

# What a file import reads from columns: the preferred channel is not a column of the registers
# we import from; the import infers it (phone when a row has a phone number and no email).
IMPORTED = _without(PERSON, "preferred_channel")
