"""Reads on the networks: the staff lists, the suggestions on a contact card and the figures for
the reports. Querysets come with their joins applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from inflytt.contacts.models import Contact, Interest
from inflytt.lib.orgnumber import normalise_org_number
from inflytt.mailings.models import Event
from inflytt.networks.matching import occupation_terms
from inflytt.networks.models import (
    Ambassador,
    AmbassadorInvitation,
    CoworkingSpace,
    Employer,
    EmployerActivity,
    Hire,
    Introduction,
    NeedTerm,
    Offer,
    RecruitmentNeed,
)
from inflytt.parties.models import Party

SUGGESTIONS = 5
# Which offers of an ambassador answer which interests of a person.
OFFERS_FOR_INTEREST: dict[str, set[str]] = {
    Interest.JOB: {Offer.WORK},
    Interest.HOUSING: {Offer.HOUSING},
    Interest.SCHOOL: {Offer.FAMILY},
    Interest.LEISURE: {Offer.SPORTS, Offer.ASSOCIATIONS},
    Interest.NETWORKS: {Offer.COFFEE, Offer.ASSOCIATIONS},
    Interest.BUSINESS: {Offer.WORK},
}
# A person's language as an ambassador lists it (the staff form takes free text).
LANGUAGE_WORDS = {"sv": {"svenska", "swedish"}, "en": {"engelska", "english"}}


# --- Staff lists -----------------------------------------------------------------------------


def ambassador_list(*, party: Party | None = None, status: str = "") -> QuerySet[Ambassador]:
    queryset = Ambassador.objects.select_related("party").order_by("last_name", "first_name", "id")
    if party is not None:
        queryset = queryset.filter(party=party)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def coworking_list(*, party: Party | None = None) -> QuerySet[CoworkingSpace]:
    queryset = CoworkingSpace.objects.select_related("party").order_by("party__name", "name", "id")
    return queryset.filter(party=party) if party is not None else queryset


def employer_list(
    *, party: Party | None = None, recruiters_only: bool = False, occupation: str = ""
) -> QuerySet[Employer]:
    """Employers (or only recruitment companies: the list guides tip from), optionally of one
    municipality and with an open need for an occupation."""
    queryset = (
        Employer.objects.select_related("party")
        .annotate(open_needs=Count("needs", filter=Q(needs__is_open=True)))
        .order_by("name", "id")
    )
    if party is not None:
        queryset = queryset.filter(party=party)
    if recruiters_only:
        queryset = queryset.filter(is_recruiter=True)
    terms = occupation_terms(occupation)
    if terms:
        queryset = queryset.filter(id__in=NeedTerm.objects.filter(term__in=terms).values("need__employer_id"))
    return queryset


EMPLOYER_MATCHES = 20


def search_employers(query: str, *, limit: int = EMPLOYER_MATCHES) -> list[Employer]:
    """Employers for the hire form's search step: an organisation number (with or without the
    hyphen) finds its one employer through the unique index; else the names containing the text,
    those starting with it first. At most `limit` rows, with their municipality."""
    query = query.strip()[:100]
    if not query:
        return []
    queryset = Employer.objects.select_related("party")
    digits = normalise_org_number(query)
    if digits is not None:
        return list(queryset.filter(org_number=digits)[:1])
    exact = list(queryset.filter(name__iexact=query).order_by("name", "id")[: limit + 1])
    if len(exact) == 1:
        return exact
    starting = list(queryset.filter(name__istartswith=query).order_by("name", "id")[:limit])
    seen = {row.pk for row in starting}
    rest = queryset.filter(name__icontains=query).exclude(pk__in=seen).order_by("name", "id")
    return starting + list(rest[: max(limit - len(starting), 0)])


def ambassador_segment(*, party_ids: list[int], offers: list[str]) -> list[Ambassador]:
    """The active ambassadors of these municipalities (all, when none chosen) who offer any of
    these (any offer, when none chosen) and have not asked for no more invitations: evaluated
    when the invitation is sent. The offers are a
    JSON list, matched here (a JSON `contains` is not portable; the programme has ~220)."""
    queryset = Ambassador.objects.filter(status=Ambassador.Status.ACTIVE, invitations_declined_at__isnull=True)
    if party_ids:
        queryset = queryset.filter(party_id__in=party_ids)
    rows = list(queryset.order_by("pk"))
    if offers:
        wanted = set(offers)
        rows = [row for row in rows if wanted & set(row.offers)]
    return rows


def upcoming_events() -> QuerySet[Event]:
    return Event.objects.filter(starts_at__gte=timezone.now()).select_related("municipality").order_by("starts_at")


def events_with_ambassadors(*, limit: int = 100) -> list[Event]:
    """The meet-ups of the mailings app, newest first, each with how many ambassadors were invited."""
    return list(
        Event.objects.select_related("municipality")
        .annotate(ambassadors=Count("ambassador_invitations"))
        .order_by("-starts_at", "-id")[:limit]
    )


def event_ambassadors(*, event: Event) -> QuerySet[AmbassadorInvitation]:
    return AmbassadorInvitation.objects.filter(event=event).select_related("ambassador", "ambassador__party")


def employer_log(*, employer: Employer, limit: int = 100) -> QuerySet[EmployerActivity]:
    return (
        EmployerActivity.objects.filter(employer=employer)
        .select_related("author")
        .order_by("-occurred_at", "-id")[:limit]
    )


def employer_detail(*, pk: int) -> Employer:
    return (
        Employer.objects.select_related("party")
        .prefetch_related("contact_persons", Prefetch("needs", queryset=RecruitmentNeed.objects.order_by("occupation")))
        .get(pk=pk)
    )


def directory(*, party: Party | None = None) -> QuerySet[CoworkingSpace]:
    """The public directory: active spaces, no contact person."""
    queryset = (
        CoworkingSpace.objects.filter(status=CoworkingSpace.Status.ACTIVE, party__is_active=True)
        .select_related("party")
        .only(
            "name",
            "place",
            "address",
            "website",
            "desks",
            "opening_hours",
            "prices",
            "updated_at",
            "party__slug",
            "party__name",
        )
        .order_by("party__name", "name", "id")
    )
    return queryset.filter(party=party) if party is not None else queryset


# --- Suggestions on the contact card ------------------------------------------------------------


@dataclass
class Suggestions:
    ambassadors: list[Ambassador] = field(default_factory=list)
    coworking: list[CoworkingSpace] = field(default_factory=list)
    needs: list[RecruitmentNeed] = field(default_factory=list)
    recruiters: list[Employer] = field(default_factory=list)
    party_ids: list[int] = field(default_factory=list)


def _party_ids(contact: Contact) -> list[int]:
    # The card's prefetched rows, in the order the person chose them.
    return [row.party_id for row in contact.municipality_rows.all()]


def _ambassador_score(
    ambassador: Ambassador, *, contact: Contact, parties: list[int], offers: set[str], terms: set[str]
) -> tuple[int, ...]:
    municipality = len(parties) - parties.index(ambassador.party_id) if ambassador.party_id in parties else 0
    spoken = {word.casefold() for word in ambassador.language_list()}
    language = 1 if spoken & LANGUAGE_WORDS.get(contact.language, set()) else 0
    offered = len(offers & set(ambassador.offers))
    occupation = len(terms & set(occupation_terms(f"{ambassador.sector} {ambassador.interests}")))
    place = 1 if ambassador.place and ambassador.place.casefold() in contact.message.casefold() else 0
    return (municipality, occupation, offered, language, place)


def suggest_ambassadors(*, contact: Contact, limit: int = SUGGESTIONS) -> list[Ambassador]:
    """Active ambassadors of the person's municipalities (all of them when undecided), ranked by
    the municipality's place in the person's choice, occupation, what they offer for the person's
    interests, language and place. One indexed query; ranking in Python over at most a few hundred rows."""
    parties = _party_ids(contact)
    queryset = Ambassador.objects.filter(status=Ambassador.Status.ACTIVE).only(
        "first_name", "last_name", "party_id", "place", "languages", "offers", "sector", "interests"
    )
    if parties:
        queryset = queryset.filter(party_id__in=parties)
    interests = {row.interest for row in contact.interest_rows.all()}
    offers = {offer for interest in interests for offer in OFFERS_FOR_INTEREST.get(interest, set())}
    terms = set(occupation_terms(contact.occupation))
    ranked = sorted(
        queryset,
        key=lambda row: (
            _ambassador_score(row, contact=contact, parties=parties, offers=offers, terms=terms),
            -row.pk,
        ),
        reverse=True,
    )
    return ranked[:limit]


def suggest_coworking(*, contact: Contact, limit: int = SUGGESTIONS) -> list[CoworkingSpace]:
    """Coworking spaces for remote workers and starters, in the person's municipalities."""
    interests = {row.interest for row in contact.interest_rows.all()}
    parties = _party_ids(contact)
    if not interests & {Interest.REMOTE_WORK, Interest.BUSINESS} or not parties:
        return []
    rows = list(
        CoworkingSpace.objects.filter(status=CoworkingSpace.Status.ACTIVE, party_id__in=parties)
        .select_related("party")
        .order_by("name", "id")[: limit * len(parties)]
    )
    rows.sort(key=lambda row: (parties.index(row.party_id), row.name))
    return rows[:limit]


def suggest_needs(*, contact: Contact, limit: int = SUGGESTIONS) -> list[RecruitmentNeed]:
    """Open recruitment needs for the person's occupation in their municipalities, found through
    the (term, party) index of NeedTerm."""
    terms = occupation_terms(contact.occupation)
    parties = _party_ids(contact)
    if not terms:
        return []
    matching = NeedTerm.objects.filter(term__in=terms)
    if parties:
        matching = matching.filter(party_id__in=parties)
    return list(
        RecruitmentNeed.objects.filter(is_open=True, id__in=matching.values("need_id"))
        .select_related("employer", "employer__party")
        .order_by("-created_at", "-id")[:limit]
    )


def suggest_recruiters(*, contact: Contact, limit: int = SUGGESTIONS) -> list[Employer]:
    """Recruitment companies to tip about: those of the person's municipalities with open needs
    for the occupation first, then the others of those municipalities."""
    parties = _party_ids(contact)
    queryset = Employer.objects.filter(is_recruiter=True).select_related("party")
    if parties:
        queryset = queryset.filter(party_id__in=parties)
    terms = occupation_terms(contact.occupation)
    if terms:
        queryset = queryset.annotate(
            matching=Count("needs", filter=Q(needs__is_open=True, needs__term_rows__term__in=terms))
        ).order_by("-matching", "name", "id")
    else:
        queryset = queryset.order_by("name", "id")
    return list(queryset[:limit])


def suggestions_for(*, contact: Contact) -> Suggestions:
    """Everything the card suggests: four queries whatever the size of the networks."""
    return Suggestions(
        ambassadors=suggest_ambassadors(contact=contact),
        coworking=suggest_coworking(contact=contact),
        needs=suggest_needs(contact=contact),
        recruiters=suggest_recruiters(contact=contact),
        party_ids=_party_ids(contact),
    )


def contact_hires(*, contact: Contact) -> QuerySet[Hire]:
    return Hire.objects.filter(contact=contact).select_related("employer").order_by("-hired_on", "-id")


def contact_introductions(*, contact: Contact) -> QuerySet[Introduction]:
    return (
        Introduction.objects.filter(contact=contact)
        .select_related("ambassador", "introduced_by")
        .order_by("-created_at", "-id")
    )


# --- Figures for the reports (counts only: steering sees these) ---------------------------------


def companies_found_staff(*, start: date, end: date, party: Party | None = None) -> int:
    """Employers with at least one hire through the programme from `start` to `end` inclusive:
    the figure for the agreement's goal ("200 företag, via projektets aktiviteter, skall ha hittat
    arbetskraft som de söker", the 2025 agreement). `party`: employers in that municipality."""
    hires = Hire.objects.filter(through_programme=True, hired_on__gte=start, hired_on__lte=end, employer__isnull=False)
    if party is not None:
        hires = hires.filter(employer__party=party)
    return hires.values("employer_id").distinct().count()


def companies_found_staff_by_party(*, start: date, end: date) -> dict[int | None, int]:
    """`companies_found_staff` for every party at once, keyed by the employer's party id, in one query."""
    rows = (
        Hire.objects.filter(through_programme=True, hired_on__gte=start, hired_on__lte=end, employer__isnull=False)
        .values("employer__party_id")
        .annotate(companies=Count("employer_id", distinct=True))
    )
    return {row["employer__party_id"]: row["companies"] for row in rows}


def network_counts(*, party: Party | None = None) -> dict[str, int]:
    """Active ambassadors, active coworking spaces, employers and recruitment companies."""
    ambassadors = Ambassador.objects.filter(status=Ambassador.Status.ACTIVE)
    spaces = CoworkingSpace.objects.filter(status=CoworkingSpace.Status.ACTIVE)
    employers = Employer.objects.all()
    if party is not None:
        ambassadors, spaces, employers = (
            ambassadors.filter(party=party),
            spaces.filter(party=party),
            employers.filter(party=party),
        )
    figures = employers.aggregate(employers=Count("id"), recruiters=Count("id", filter=Q(is_recruiter=True)))
    return {
        "ambassadors": ambassadors.count(),
        "coworking_spaces": spaces.count(),
        "employers": figures["employers"],
        "recruiters": figures["recruiters"],
    }
