"""The programme's networks (the 2025 agreement, Bilaga 3): place ambassadors, coworking spaces,
employers and recruitment companies, and what links them to the people moving in (introductions
and hires)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.lib.orgnumber import format_org_number

LEFT_ON_NEEDED = _("Enter the date the ambassador left: the retention period counts from it.")


class Offer(models.TextChoices):
    SHOW_PLACE = "show_place", _("Show the place")
    COFFEE = "coffee", _("Meet for coffee")
    WORK = "work", _("Talk about work in a sector")
    HOUSING = "housing", _("Help with housing")
    FAMILY = "family", _("Family life")
    SPORTS = "sports", _("Sports and outdoor life")
    ASSOCIATIONS = "associations", _("Associations")


class Ambassador(models.Model):
    """A volunteer place ambassador (platsambassadör): personal data with its own retention rule."""

    # inflytt.privacy: exported and erased with a person's address, kept by its own rule otherwise.
    privacy_own_retention = True

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    party = models.ForeignKey(
        "parties.Party", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="ambassadors"
    )
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_("Village or part of town."))
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Separated by commas, for example: svenska, engelska.")
    )
    offers = models.JSONField(_("can offer"), default=list, blank=True)
    sector = models.CharField(
        _("work or sector"), max_length=200, blank=True, help_text=_("What they can tell about working here.")
    )
    interests = models.CharField(_("interests"), max_length=500, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    # The contact details the ambassador lets us give a newcomer after an introduction.
    share_email = models.BooleanField(_("give my email to newcomers"), default=True)
    share_phone = models.BooleanField(_("give my phone number to newcomers"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=40, blank=True)
    consent_text = models.TextField(_("consent text shown"), blank=True)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # Set through the link in an invitation: no more invitations to meet-ups (still an ambassador).
    invitations_declined_at = models.DateTimeField(_("wants no more invitations since"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("place ambassador")
        verbose_name_plural = _("place ambassadors")
        # One person, one ambassador row: a second sign-up with the same address changes nothing.
        constraints = [models.UniqueConstraint(fields=["email"], name="ambassador_unique_email")]
        indexes = [
            # Matching: the active ambassadors of the person's municipalities.
            models.Index(fields=["status", "party"], name="ambassador_status_party"),
            # Retention: those who left before the cut-off.
            models.Index(fields=["left_on"], condition=Q(status="left"), name="ambassador_left"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        # The retention rule counts from the day they left: without it the row would stay for ever.
        if self.status == self.Status.LEFT and self.left_on is None:
            raise ValidationError({"left_on": LEFT_ON_NEEDED})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    def get_offers_display(self) -> list[str]:
        labels = dict(Offer.choices)
        return [str(labels[code]) for code in self.offers if code in labels]


class LogEntry(models.Model):
    """One line of a network member's log (an ambassador's, an employer's). The network manager
    reads these logs, so a line never names a newcomer."""

    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    body = models.TextField(_("text"), max_length=4000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"  # type: ignore[attr-defined]


class AmbassadorActivity(LogEntry):
    """The log of what an ambassador did: events, introductions, notes."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        EVENT = "event", _("Took part in an event")
        INTRODUCTION = "introduction", _("Introduction to a newcomer")
        STATUS = "status", _("Status changed")

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)

    class Meta(LogEntry.Meta):
        indexes = [models.Index(fields=["ambassador", "-occurred_at"], name="ambassador_activity_log")]
        verbose_name = _("ambassador log entry")
        verbose_name_plural = _("ambassador log entries")


class CoworkingSpace(models.Model):
    """A space of the county's coworking network. Public data: the directory publishes it
    (except the contact person)."""

    # inflytt.privacy: the contact address is the space's, not a member of the public's.
    privacy_not_the_public = True

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    name = models.CharField(_("name"), max_length=200)
    party = models.ForeignKey(
        "parties.Party", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="coworking_spaces"
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    desks = models.PositiveSmallIntegerField(_("desks"), null=True, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    prices = models.TextField(_("prices"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("coworking space")
        verbose_name_plural = _("coworking spaces")
        indexes = [models.Index(fields=["status", "party", "name"], name="coworking_status_party")]

    def __str__(self) -> str:
        return self.name


class Employer(models.Model):
    """An employer in the county; a recruitment company is an employer with the flag set."""

    class Size(models.TextChoices):
        MICRO = "micro", _("1-9 employees")
        SMALL = "small", _("10-49 employees")
        MEDIUM = "medium", _("50-249 employees")
        LARGE = "large", _("250 or more employees")

    org_number = models.CharField(_("organisation number"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    party = models.ForeignKey(
        "parties.Party", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="employers"
    )
    sni_code = models.CharField(_("sector (SNI code)"), max_length=10, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    is_recruiter = models.BooleanField(_("recruitment company"), default=False)
    attractive_employer_on = models.DateField(_("attended the training 'Attractive employers'"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [models.Index(fields=["party", "is_recruiter", "name"], name="employer_party_recruiter")]

    def __str__(self) -> str:
        return self.name

    @property
    def org_number_display(self) -> str:
        return format_org_number(self.org_number)


class EmployerActivity(LogEntry):
    """The log of the programme's dealings with an employer: meetings, calls, trainings, notes."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Phone call")
        EVENT = "event", _("Took part in an event")
        TRAINING = "training", _("Training")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)

    class Meta(LogEntry.Meta):
        indexes = [models.Index(fields=["employer", "-occurred_at"], name="employer_activity_log")]
        verbose_name = _("employer log entry")
        verbose_name_plural = _("employer log entries")


class EmployerContactPerson(models.Model):
    """A contact person at an employer: personal data, kept with consent while the employer is in
    the network."""

    privacy_own_retention = True

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    consent_given_on = models.DateField(_("consent given"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class RecruitmentNeed(models.Model):
    """An occupation an employer recruits. `terms` holds the occupation's matching terms (see
    matching.occupation_terms); NeedTerm indexes them by municipality."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="needs")
    occupation = models.CharField(_("occupation"), max_length=200)
    open_positions = models.PositiveSmallIntegerField(_("open positions"), default=1)
    how_to_apply = models.TextField(_("how to apply"), max_length=2000, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occupation", "id"]
        verbose_name = _("recruitment need")
        verbose_name_plural = _("recruitment needs")

    def __str__(self) -> str:
        return self.occupation


class NeedTerm(models.Model):
    """One matching term of an open need, with the employer's municipality copied in, so the card's
    question "open needs for this occupation in these municipalities" is one index range."""

    need = models.ForeignKey(RecruitmentNeed, on_delete=models.CASCADE, related_name="term_rows")
    party = models.ForeignKey("parties.Party", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "term"], name="need_term_unique")]
        verbose_name = _("term of a recruitment need")
        verbose_name_plural = _("terms of recruitment needs")
        indexes = [models.Index(fields=["term", "party", "need"], name="need_term_lookup")]

    def __str__(self) -> str:
        return self.term


class Hire(models.Model):
    """A person got a job or started a company. The row outlives the person's card (the contact is
    detached on erasure), so the goal figure for past years does not change."""

    class Kind(models.TextChoices):
        JOB = "job", _("Got a job")
        COMPANY = "company", _("Started a company")

    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="hires"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.JOB)
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), null=True, blank=True, on_delete=models.PROTECT, related_name="hires"
    )
    hired_on = models.DateField(_("date"))
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    through_programme = models.BooleanField(_("through the programme"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-hired_on", "-id"]
        verbose_name = _("hire")
        verbose_name_plural = _("hires")
        indexes = [
            models.Index(fields=["hired_on", "employer"], condition=Q(through_programme=True), name="hire_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hired_on}"


class Introduction(models.Model):
    """A guide introduced a newcomer to an ambassador, with the newcomer's consent to share the
    fields in `shared`."""

    class Met(models.TextChoices):
        UNKNOWN = "", _("Not known yet")
        YES = "yes", _("They met")
        NO = "no", _("They did not meet")

    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="introductions")
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="introductions")
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    shared = models.JSONField(_("shared with the ambassador"), default=list)
    consent_text = models.TextField(_("consent text"))
    consent_text_version = models.CharField(_("consent text version"), max_length=40)
    ambassador_mailed_at = models.DateTimeField(null=True, blank=True)
    newcomer_mailed_at = models.DateTimeField(null=True, blank=True)
    met = models.CharField(_("did they meet?"), max_length=3, choices=Met.choices, blank=True, default="")
    met_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        indexes = [models.Index(fields=["contact", "-created_at"], name="introduction_contact")]

    def __str__(self) -> str:
        return f"introduction {self.pk}"


class AmbassadorInvitation(models.Model):
    """A place ambassador invited to a meet-up: the same events (inflytt.mailings.Event) newcomers
    are invited to, with their own answer and attendance. Ambassadors come as hosts, so their
    answers take none of the places the event offers newcomers. Every step is on the ambassador's
    log."""

    class Answer(models.TextChoices):
        NONE = "", _("No answer")
        YES = "yes", _("Coming")
        NO = "no", _("Not coming")

    event = models.ForeignKey("mailings.Event", on_delete=models.CASCADE, related_name="ambassador_invitations")
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    message = models.TextField(_("message"), max_length=4000, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    # The SMTP code of a permanent refusal ("550"): never the address or the server's text.
    mail_error = models.CharField(max_length=20, blank=True, default="")
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices, blank=True, default="")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["ambassador__last_name", "ambassador__first_name", "id"]
        verbose_name = _("ambassador invitation")
        verbose_name_plural = _("ambassador invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "ambassador"], name="ambassador_invitation_once"),
        ]

    def __str__(self) -> str:
        return f"ambassador invitation {self.event_id}/{self.ambassador_id}"
