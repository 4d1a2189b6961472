"""The registration API: POST /api/v1/registrations and GET /api/v1/contacts/{id}.

The same RegistrationForm validates as on the public form and the same service writes
(intake.services.register_contact): the API adds only authentication and the JSON shapes.
Tokens are per party (intake.models.ApiToken, only a SHA-256 stored).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from inflytt.api.auth import TokenAuth
from inflytt.api.person import card_schema
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.fields import CAMPAIGN, PERSON, REGISTERED
from inflytt.contacts.models import Consent, Contact, NewsletterSubscription
from inflytt.intake import abuse, services
from inflytt.intake.forms import RegistrationForm
from inflytt.intake.models import ApiToken, ApiTokenContact
from inflytt.lib.cache import RETRY_AFTER_SECONDS, GuardUnavailable
from inflytt.parties.selectors import active_party_set

router = Router(tags=["registrations"])

InterestCode = Literal["job", "remote_work", "business", "housing", "school", "studies", "leisure", "networks"]


class PostalAddressIn(Schema):
    model_config = ConfigDict(extra="forbid")

    street: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=20)
    city: str = Field("", max_length=100)
    country: str = Field("SE", max_length=2, description="ISO 3166 alpha-2")


if TYPE_CHECKING:  # the fields are built at import time; a type checker sees a plain schema
    _RegisteredFields = Schema
else:
    # What a registration writes on the card (contacts.fields.REGISTERED), typed as the card's columns.
    _RegisteredFields = card_schema("_RegisteredFields", REGISTERED, writable=True)


class RegistrationIn(_RegisteredFields):
    model_config = ConfigDict(extra="forbid")

    municipalities: list[str] = Field(default_factory=list, max_length=20, description="party slugs")
    interests: list[InterestCode] = Field(default_factory=list, max_length=8)
    wants_guidance: bool = False
    wants_magazine: bool = False
    postal_address: PostalAddressIn | None = None
    wants_newsletter: bool = False
    consent: bool = Field(False, description="must be true: the person read the privacy notice")
    source: Literal["portal", "party_site", "event", "api"] = "api"


class RegistrationOut(Schema):
    """For a new card: its status, handling party and due date. For a submission that matched an
    existing card (created false): null, since that card may be another party's (docs/decisions/0010)."""

    id: int
    status: str | None
    assigned_party: str | None
    first_response_due: date | None
    created: bool


class PostalAddressOut(Schema):
    street: str
    postal_code: str
    city: str
    country: str


class _ContactHead(Schema):
    id: int
    status: str
    assigned_party: str
    first_response_due: date | None


# The card's own fields in a contact's JSON: the person's, and where the registration came from.
CONTACT_FIELDS = (*PERSON, "source", *CAMPAIGN)
if TYPE_CHECKING:
    _ContactFields = _ContactHead
else:
    _ContactFields = card_schema("_ContactFields", CONTACT_FIELDS, writable=False, base=_ContactHead)


class ContactOut(_ContactFields):
    municipalities: list[str]
    interests: list[str]
    wants_guidance: bool
    wants_magazine: bool
    postal_address: PostalAddressOut | None
    wants_newsletter: bool
    newsletter_confirmed: bool
    activities_count: int


class FieldError(Schema):
    loc: list[str]
    msg: str
    type: str


class ErrorOut(Schema):
    detail: list[FieldError] | str


def _field_errors(form: RegistrationForm) -> dict[str, Any]:
    """The same shape as django-ninja's own 422 (loc names the field), so clients handle one format."""
    return {
        "detail": [
            {"loc": ["body", "payload", *error["field"].split(".")], "msg": error["message"], "type": "value_error"}
            for error in form.api_errors()
        ]
    }


def _form_data(payload: RegistrationIn) -> dict[str, Any]:
    data = payload.dict(exclude={"postal_address"})
    data["consent"] = bool(payload.consent)
    # mypy reads ninja Schema fields as required: it does not see the defaults given through Field().
    address = payload.postal_address or PostalAddressIn()  # type: ignore[call-arg]
    data.update(
        postal_street=address.street,
        postal_code=address.postal_code,
        postal_city=address.city,
        postal_country=address.country,
    )
    return data


@router.post(
    "/registrations",
    auth=TokenAuth(ApiToken.Scope.REGISTRATIONS),
    response={200: RegistrationOut, 201: RegistrationOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut},
    summary="Register a person (the public form's registration, from a party's own system)",
    url_name="registrations",
)
def create_registration(request: HttpRequest, payload: RegistrationIn, response: HttpResponse) -> Status[Any]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    try:
        within = abuse.within_rate_limit(request, scope="api")
    except GuardUnavailable:
        # Fails closed, as the form does (docs/decisions/0014): nothing is stored; try again later.
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return Status(503, {"detail": "Registrations are unavailable just now; nothing was stored. Try again later."})
    if not within:
        return Status(429, {"detail": "Too many registrations from this address; try again later."})
    data = _form_data(payload)
    with translation.override(data["language"]):
        # One read of the active parties: the municipalities to check and the region (issue 16).
        parties = active_party_set()
        form = RegistrationForm(data, language=data["language"], choices=parties.municipalities)
        if not form.is_valid():
            return Status(422, _field_errors(form))
        registration = services.register_contact(
            data=form.registration_data(),
            source=payload.source,
            source_party=token.party,
            form_label=f"api:{token.party.slug}:{token.name}"[:200],
            api_token=token,
            region=parties.region,
        )
    contact = registration.contact
    created = registration.created
    body = {
        "id": contact.pk,
        "status": contact.status if created else None,
        "assigned_party": contact.assigned_party.slug if created else None,
        "first_response_due": contact.first_response_due if created else None,
        "created": created,
    }
    return Status(201 if registration.created else 200, body)


@router.get(
    "/contacts/{contact_id}",
    auth=TokenAuth(ApiToken.Scope.REGISTRATIONS),
    response={200: ContactOut, 401: ErrorOut, 404: ErrorOut},
    summary="A contact this party handles or this token created",
    url_name="contact",
)
def get_contact(request: HttpRequest, contact_id: int, response: HttpResponse) -> Status[Any]:
    """A token reads only the cards its party handles or that this token created: ids cannot be
    walked through the whole register, and posting a known person's address does not open their
    card. Any other id answers exactly like a missing one (docs/decisions/0010)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    response.headers["Cache-Control"] = "no-store"
    contact = (
        Contact.objects.select_related("assigned_party")
        .prefetch_related("municipality_rows__party", "interest_rows")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None or (
        contact.assigned_party_id != token.party_id
        and not ApiTokenContact.objects.filter(token=token, contact=contact).exists()
    ):
        return Status(404, {"detail": "Not Found"})
    record_event(action=AuditEvent.Action.VIEW, contact_id=contact.pk, obj=contact, detail={"api_token": token.pk})
    subscription = NewsletterSubscription.objects.filter(contact=contact).first()
    order = contact.magazine_orders.order_by("-ordered_at").first()  # the latest address
    return Status(
        200,
        {
            "id": contact.pk,
            "status": contact.status,
            "assigned_party": contact.assigned_party.slug,
            "first_response_due": contact.first_response_due,
            **{name: getattr(contact, name) for name in CONTACT_FIELDS},
            "municipalities": [row.party.slug for row in contact.municipality_rows.all()],
            "interests": [row.interest for row in contact.interest_rows.all()],
            "wants_guidance": contact.consents.filter(purpose=Consent.Purpose.GUIDANCE).exists(),
            "wants_magazine": order is not None,
            "postal_address": (
                {"street": order.street, "postal_code": order.postal_code, "city": order.city, "country": order.country}
                if order is not None
                else None
            ),
            "wants_newsletter": subscription is not None and subscription.unsubscribed_at is None,
            "newsletter_confirmed": subscription is not None and subscription.is_active,
            "activities_count": contact.activities.count(),
        },
    )
