"""Writes on the networks. Keyword-only, one transaction, an audit row; mail on commit through
the task queue."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.services import add_activity
from inflytt.mailings.models import Event
from inflytt.networks import selectors, tasks
from inflytt.networks.matching import occupation_terms
from inflytt.networks.models import (
    Ambassador,
    AmbassadorActivity,
    AmbassadorInvitation,
    CoworkingSpace,
    Employer,
    EmployerActivity,
    EmployerContactPerson,
    Hire,
    Introduction,
    LogEntry,
    NeedTerm,
    RecruitmentNeed,
)
from inflytt.networks.privacy import ambassador_notice

CONSENT_NEEDED = gettext_lazy("Ask the person first: an introduction needs their consent.")
NOTHING_SHARED = gettext_lazy("Choose at least one thing the person agreed to share.")
NOT_ACTIVE = gettext_lazy("Only an active ambassador can be introduced.")

# What a newcomer may agree to share with an ambassador: field -> label (the consent names them).
SHAREABLE = {
    "name": gettext_lazy("name"),
    "email": gettext_lazy("email address"),
    "phone": gettext_lazy("phone number"),
    "occupation": gettext_lazy("occupation"),
    "municipalities": gettext_lazy("municipalities of interest"),
}
FOLLOW_UP_DAYS = 14

LogEntryT = TypeVar("LogEntryT", bound=LogEntry)


@transaction.atomic
def save_network_entry(*, instance: models.Model, acting_user: User | None) -> models.Model:
    """Create or update an ambassador, coworking space or employer (the network manager's forms)."""
    created = instance.pk is None
    instance.full_clean()
    instance.save()
    if isinstance(instance, RecruitmentNeed):
        sync_need_terms(need=instance)
    record_event(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.EDIT,
        actor=acting_user,
        obj=instance,
    )
    return instance


def need_terms(*, need: RecruitmentNeed, party_id: int) -> list[NeedTerm]:
    """The index rows of an open need (closed needs have none, so they are never suggested)."""
    if not need.is_open:
        return []
    return [NeedTerm(need=need, party_id=party_id, term=term) for term in occupation_terms(need.occupation)]


def sync_need_terms(*, need: RecruitmentNeed) -> None:
    NeedTerm.objects.filter(need=need).delete()
    party_id = Employer.objects.filter(pk=need.employer_id).values_list("party_id", flat=True).get()
    NeedTerm.objects.bulk_create(need_terms(need=need, party_id=party_id))


@transaction.atomic
def save_employer(*, employer: Employer, acting_user: User | None) -> Employer:
    """An employer; moving it to another municipality moves its needs' terms with it."""
    save_network_entry(instance=employer, acting_user=acting_user)
    NeedTerm.objects.filter(need__employer=employer).exclude(party_id=employer.party_id).update(
        party_id=employer.party_id
    )
    return employer


def _save_log_entry(row: LogEntryT, *, kind: str, acting_user: User | None) -> LogEntryT:
    """One line on an ambassador's or an employer's log, validated and audited."""
    row.full_clean()
    row.save()
    record_event(action=AuditEvent.Action.CREATE, actor=acting_user, obj=row, detail={"kind": kind})
    return row


@transaction.atomic
def log_ambassador_activity(
    *, ambassador: Ambassador, kind: str, body: str, acting_user: User | None, occurred_at: Any = None
) -> AmbassadorActivity:
    row = AmbassadorActivity(
        ambassador=ambassador, kind=kind, body=body, author=acting_user, occurred_at=occurred_at or timezone.now()
    )
    return _save_log_entry(row, kind=kind, acting_user=acting_user)


@transaction.atomic
def log_employer_activity(
    *, employer: Employer, kind: str, body: str, acting_user: User | None, occurred_at: Any = None
) -> EmployerActivity:
    row = EmployerActivity(
        employer=employer, kind=kind, body=body, author=acting_user, occurred_at=occurred_at or timezone.now()
    )
    return _save_log_entry(row, kind=kind, acting_user=acting_user)


@transaction.atomic
def delete_contact_person(*, person: EmployerContactPerson, acting_user: User) -> None:
    """Remove an employer's contact person (personal data: the audit row keeps only the ids)."""
    record_event(
        action=AuditEvent.Action.DELETE, actor=acting_user, obj=person, detail={"employer": person.employer_id}
    )
    person.delete()


# --- On the contact card ------------------------------------------------------------------------


@transaction.atomic
def record_hire(
    *,
    contact: Contact,
    kind: str,
    hired_on: date,
    employer: Employer | None,
    occupation: str,
    through_programme: bool,
    acting_user: User,
) -> Hire:
    """The person got a job or started a company; logged on the card."""
    hire = Hire(
        contact=contact,
        kind=kind,
        employer=employer,
        hired_on=hired_on,
        occupation=occupation,
        through_programme=through_programme,
        recorded_by=acting_user,
    )
    hire.full_clean()
    hire.save()
    subject = hire.get_kind_display()
    if employer is not None:
        subject = f"{subject}: {employer.name}"
    body = _("Through the programme.") if through_programme else ""
    add_activity(
        contact=contact, kind=Activity.Kind.NOTE, subject=subject[:200], body=str(body), acting_user=acting_user
    )
    record_event(action=AuditEvent.Action.CREATE, actor=acting_user, contact_id=contact.pk, obj=hire)
    return hire


HIRE_FIELDS = ("kind", "employer", "hired_on", "occupation", "through_programme")


@transaction.atomic
def update_hire(*, hire: Hire, changes: dict[str, Any], acting_user: User) -> Hire:
    """Correct a recorded hire; the audit row names the fields that changed (not their values)."""
    changed = sorted(name for name in HIRE_FIELDS if name in changes and getattr(hire, name) != changes[name])
    for name in changed:
        setattr(hire, name, changes[name])
    hire.full_clean()
    hire.save()
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        contact_id=hire.contact_id,
        obj=hire,
        detail={"fields": changed},
    )
    return hire


@transaction.atomic
def delete_hire(*, hire: Hire, acting_user: User) -> None:
    """Remove a hire recorded by mistake: it leaves the goal figure of its year."""
    record_event(
        action=AuditEvent.Action.DELETE,
        actor=acting_user,
        contact_id=hire.contact_id,
        obj=hire,
        detail={"employer": hire.employer_id, "through_programme": hire.through_programme},
    )
    hire.delete()


@transaction.atomic
def log_tip(*, contact: Contact, target: Employer | CoworkingSpace, acting_user: User) -> Activity:
    """A guide tipped the person about an employer, recruitment company or coworking space (the
    service level appendix: "Tips om våra rekryteringsbolag")."""
    return add_activity(
        contact=contact,
        kind=Activity.Kind.NOTE,
        subject=str(_("Tip: %(name)s") % {"name": target.name})[:200],
        acting_user=acting_user,
    )


def consent_text(*, ambassador: Ambassador, shared: list[str], language: str) -> tuple[str, str]:
    """The sentence the guide read to the person, and its version (a digest of the exact text)."""
    with translation.override(language):
        fields = ", ".join(str(SHAREABLE[name]) for name in shared)
        text = _(
            "I agree that the region gives my %(fields)s to the place ambassador %(ambassador)s, who will "
            "contact me, and that I get the ambassador's contact details."
        ) % {"fields": fields, "ambassador": ambassador.first_name}
    return text, f"{language}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


@transaction.atomic
def introduce(
    *, contact: Contact, ambassador: Ambassador, shared: list[str], consent_given: bool, acting_user: User
) -> Introduction:
    """Introduce a newcomer to an ambassador (the service level appendix: "Tillgång till
    professionella och sociala nätverk inför deras flytt"). The person's consent to share the
    chosen fields is recorded with the exact text; the ambassador gets only those fields, the
    person gets the ambassador's chosen contact details; a follow-up lands in the guide's list."""
    if not consent_given:
        raise ValidationError({"consent_given": CONSENT_NEEDED})
    shared = [name for name in SHAREABLE if name in shared]
    if not shared:
        raise ValidationError({"shared": NOTHING_SHARED})
    if ambassador.status != Ambassador.Status.ACTIVE:
        raise ValidationError({"ambassador": NOT_ACTIVE})
    text, version = consent_text(ambassador=ambassador, shared=shared, language=contact.language)
    introduction = Introduction.objects.create(
        contact=contact,
        ambassador=ambassador,
        introduced_by=acting_user,
        shared=shared,
        consent_text=text,
        consent_text_version=version,
    )
    add_activity(
        contact=contact,
        kind=Activity.Kind.NOTE,
        subject=str(_("Introduced to the place ambassador %(name)s") % {"name": ambassador.full_name})[:200],
        body=text,
        follow_up_on=timezone.localdate() + timedelta(days=FOLLOW_UP_DAYS),
        acting_user=acting_user,
    )
    # The ambassador's log names no newcomer: the network manager reads it.
    log_ambassador_activity(
        ambassador=ambassador,
        kind=AmbassadorActivity.Kind.INTRODUCTION,
        body=str(_("Introduction %(number)s by %(guide)s") % {"number": introduction.pk, "guide": acting_user}),
        acting_user=acting_user,
    )
    record_event(
        action=AuditEvent.Action.CREATE,
        actor=acting_user,
        contact_id=contact.pk,
        obj=introduction,
        detail={"shared": shared},
    )
    transaction.on_commit(lambda: tasks.send_introduction(introduction.pk))
    return introduction


@transaction.atomic
def record_meeting(*, introduction: Introduction, met: bool, acting_user: User) -> Introduction:
    """The follow-up: did they meet?"""
    introduction.met = Introduction.Met.YES if met else Introduction.Met.NO
    introduction.met_recorded_at = timezone.now()
    introduction.save(update_fields=["met", "met_recorded_at"])
    add_activity(
        contact=introduction.contact,
        kind=Activity.Kind.NOTE,
        subject=str(introduction.get_met_display())[:200],
        acting_user=acting_user,
    )
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        contact_id=introduction.contact_id,
        obj=introduction,
        detail={"met": introduction.met},
    )
    return introduction


@transaction.atomic
def register_ambassador(*, data: dict[str, Any], language: str, form_label: str) -> Ambassador | None:
    """The public sign-up: a new ambassador with status 'applied' and the consent text shown, in
    its version. An address already in the network changes nothing (None): the network manager
    reaches that person anyway, and the form tells a stranger nothing about who is a member."""
    notice = ambassador_notice(language)
    email = data["email"].strip().lower()
    if Ambassador.objects.filter(email=email).exists():
        return None
    ambassador = Ambassador(
        **{**data, "email": email},
        status=Ambassador.Status.APPLIED,
        consent_text=notice.text,
        consent_text_version=notice.version,
        consent_given_at=timezone.now(),
    )
    ambassador.full_clean()
    ambassador.save()
    record_event(action=AuditEvent.Action.CREATE, obj=ambassador, detail={"form": form_label[:100]})
    return ambassador


# --- Ambassadors invited to meet-ups (the events of inflytt.mailings) ----------------------------


@transaction.atomic
def invite_ambassadors(
    *, event: Event, party_ids: list[int], offers: list[str], message: str, acting_user: User
) -> list[AmbassadorInvitation]:
    """Invite the ambassadors the segment selects now; each gets a mail with their own RSVP link
    (through the task queue, after the commit) and a line on their log. An ambassador invited
    before is not invited twice."""
    chosen = selectors.ambassador_segment(party_ids=party_ids, offers=offers)
    already = set(
        AmbassadorInvitation.objects.filter(event=event, ambassador__in=chosen).values_list("ambassador_id", flat=True)
    )
    now = timezone.now()
    invitations = AmbassadorInvitation.objects.bulk_create(
        [
            AmbassadorInvitation(event=event, ambassador=row, invited_by=acting_user, invited_at=now, message=message)
            for row in chosen
            if row.pk not in already
        ]
    )
    AmbassadorActivity.objects.bulk_create(
        AmbassadorActivity(
            ambassador_id=invitation.ambassador_id,
            kind=AmbassadorActivity.Kind.EVENT,
            occurred_at=now,
            author=acting_user,
            body=_("Invited to %(event)s") % {"event": event.title},
        )
        for invitation in invitations
    )
    record_event(
        action=AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=event,
        detail={"ambassador_invitations": len(invitations)},
    )
    ids = [invitation.pk for invitation in invitations]
    if ids:
        transaction.on_commit(lambda: tasks.send_ambassador_invitations(ids))
    return invitations


@transaction.atomic
def answer_ambassador_invitation(*, invitation: AmbassadorInvitation, coming: bool) -> AmbassadorInvitation:
    """The ambassador's answer through their link, on their log."""
    invitation = AmbassadorInvitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)
    invitation.answer = AmbassadorInvitation.Answer.YES if coming else AmbassadorInvitation.Answer.NO
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    text = _("Coming to %(event)s") if coming else _("Not coming to %(event)s")
    AmbassadorActivity.objects.create(
        ambassador_id=invitation.ambassador_id,
        kind=AmbassadorActivity.Kind.EVENT,
        body=text % {"event": invitation.event.title},
    )
    return invitation


@transaction.atomic
def mark_ambassador_attendance(*, event: Event, attended_ids: set[int], acting_user: User) -> int:
    """Who of the invited ambassadors came, marked afterwards; each change on the ambassador's log."""
    changed = []
    for invitation in AmbassadorInvitation.objects.select_for_update().filter(event=event):
        attended = invitation.pk in attended_ids
        if invitation.attended != attended:
            invitation.attended = attended
            changed.append(invitation)
    AmbassadorInvitation.objects.bulk_update(changed, ["attended"])
    came, missed = _("Took part in %(event)s"), _("Did not take part in %(event)s")
    AmbassadorActivity.objects.bulk_create(
        AmbassadorActivity(
            ambassador_id=invitation.ambassador_id,
            kind=AmbassadorActivity.Kind.EVENT,
            author=acting_user,
            body=(came if invitation.attended else missed) % {"event": event.title},
        )
        for invitation in changed
    )
    record_event(
        action=AuditEvent.Action.EDIT, actor=acting_user, obj=event, detail={"ambassador_attendance": len(changed)}
    )
    return len(changed)


@transaction.atomic
def decline_invitations(*, ambassador: Ambassador) -> Ambassador:
    """The ambassador asked, through the link in an invitation, for no more invitations."""
    if ambassador.invitations_declined_at is None:
        ambassador.invitations_declined_at = timezone.now()
        ambassador.save(update_fields=["invitations_declined_at", "updated_at"])
        AmbassadorActivity.objects.create(
            ambassador=ambassador, kind=AmbassadorActivity.Kind.NOTE, body=_("Wants no more invitations to meet-ups.")
        )
        record_event(action=AuditEvent.Action.EDIT, obj=ambassador, detail={"invitations_declined": True})
    return ambassador
