from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.lib.choices import choice_label
from inflytt.lib.text import normalise_email, plain, search_text_for
from inflytt.lib.workdays import working_days_between


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class Language(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class Interest(models.TextChoices):
    JOB = "job", _("Job")
    REMOTE_WORK = "remote_work", _("Remote work")
    BUSINESS = "business", _("Starting a business")
    HOUSING = "housing", _("Housing")
    SCHOOL = "school", _("School and childcare")
    STUDIES = "studies", _("Studies")
    LEISURE = "leisure", _("Leisure and associations")
    NETWORKS = "networks", _("Networks")


def duplicate_block_for(city: str, last_name: str) -> str:
    """The block within which the duplicate check compares names (contacts.duplicates): the city and
    the first letter of the last name, folded and without diacritics, so that Åsa Åberg in Östersund
    and Asa Aberg in OSTERSUND share "ostersund|a". "" without a city: no name comparison. The
    letter is the key's last character, so no city can make two blocks' keys equal."""
    city = plain(city)
    return f"{city}|{plain(last_name)[:1]}" if city else ""


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as every page shows it (Contact.full_name; the list's rows read the columns)."""
    return f"{first_name} {last_name}".strip()


class Contact(models.Model):
    """The contact card: one registration, one household with a main person."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        IN_DIALOGUE = "in_dialogue", _("In dialogue")
        MOVED = "moved", _("Moved")
        NOT_MOVING = "not_moving", _("Not moving")
        PAUSED = "paused", _("Paused")

    class Source(models.TextChoices):
        PORTAL = "portal", _("Regional portal")
        PARTY_SITE = "party_site", _("Municipality's website")
        EVENT = "event", _("Event")
        IMPORT = "import", _("Import")
        MANUAL = "manual", _("Entered by staff")
        API = "api", _("API")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    # Trimmed and lower-cased: one person, one card (a unique constraint, not only a check).
    email_normalised = models.CharField(max_length=254, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SV)

    current_city = models.CharField(_("current city"), max_length=100, blank=True)
    current_country = models.CharField(_("current country"), max_length=2, blank=True, default="SE")
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    occupation = models.CharField(_("occupation or competence"), max_length=200, blank=True)
    message = models.TextField(_("questions"), max_length=4000, blank=True)

    municipalities = models.ManyToManyField(
        "parties.Party",
        through="ContactMunicipality",
        related_name="interested_contacts",
        verbose_name=_("municipalities of interest"),
        blank=True,
    )

    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_party = models.ForeignKey(
        "parties.Party",
        verbose_name=_("registered on the site of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    utm_source = models.CharField("utm_source", max_length=100, blank=True)
    utm_medium = models.CharField("utm_medium", max_length=100, blank=True)
    utm_campaign = models.CharField("utm_campaign", max_length=100, blank=True)

    assigned_party = models.ForeignKey(
        "parties.Party", verbose_name=_("assigned party"), on_delete=models.PROTECT, related_name="assigned_contacts"
    )
    assigned_guide = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_contacts",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    moved_on = models.DateField(_("moved on"), null=True, blank=True)
    moved_to = models.ForeignKey(
        "parties.Party",
        verbose_name=_("moved to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moved_contacts",
    )
    moved_household_size = models.PositiveSmallIntegerField(_("household size that moved"), null=True, blank=True)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    # The person's id in the register the card was imported from: a re-import matches on it first.
    external_id = models.CharField(_("external id"), max_length=100, blank=True)

    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    first_response_due = models.DateField(_("first response due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    # When the open request for guidance was made, if not at registration: a known person asking
    # again. The clock (first_response_due) runs from here; the earlier request is in `requests`.
    requested_again_at = models.DateTimeField(_("asked for guidance again"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit states the version it started from (see services.update_contact).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Case-folded name, email and phone digits; indexed for substring search (trigram on
    # PostgreSQL, an FTS5 trigram table on SQLite: see migration 0002).
    search_text = models.TextField(default="", editable=False)
    # duplicate_block_for(current_city, last_name): one card's duplicate check reads its block
    # through an index instead of every spelling of its city (migration 0016). The database
    # default lets the previous release insert cards during a rolling upgrade.
    duplicate_block = models.TextField(default="", db_default="", editable=False)

    # The columns refresh_derived_fields() computes: an edit's UPDATE writes them with the fields.
    DERIVED_FIELDS = ("email_normalised", "search_text", "duplicate_block")

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["email_normalised"], condition=~Q(email_normalised=""), name="contact_unique_email"
            ),
        ]
        indexes = [
            models.Index(fields=["registered_at", "id"], name="contact_registered"),
            # Status ascending, newest first within it: the status filter under the default sort
            # and the status sort read these in order (contacts/tests/test_query_plans.py).
            models.Index(
                fields=["assigned_party", "status", "-registered_at", "-id"], name="contact_party_status_newest"
            ),
            models.Index(fields=["status", "-registered_at", "-id"], name="contact_status_newest"),
            models.Index(fields=["source", "registered_at"], name="contact_source"),
            # The source filter under the name sort (the other sorts walk contact_source or the sort's own).
            models.Index(fields=["source", "last_name", "first_name", "id"], name="contact_source_name"),
            models.Index(fields=["last_name", "first_name"], name="contact_name"),
            models.Index(fields=["assigned_guide", "status"], name="contact_guide"),
            models.Index(fields=["first_response_due"], name="contact_due"),
            # The guides' queues: unanswered contacts of a party by due date (guidance.selectors).
            # With the status the navigation's counts read this index alone (issue 16);
            # first_response_at is NULL in every entry, but SQLite takes an index as covering only
            # when it holds every column the query names.
            models.Index(
                # requested_again_at too: a returning person waits again whatever the status.
                fields=["assigned_party", "first_response_due", "status", "requested_again_at", "first_response_at"],
                condition=Q(first_response_at__isnull=True),
                name="contact_unanswered_status",
            ),
            models.Index(fields=["last_activity_at"], name="contact_last_activity"),
            # The reports: first responses given in a period, households moved in a period.
            # Answered contacts only: a period's range implies NOT NULL, and the NULL entries (every
            # unanswered contact) looked like two rows to SQLite's statistics, so the navigation badge
            # read them all to count one party's (issue 16).
            models.Index(
                fields=["first_response_at"],
                condition=Q(first_response_at__isnull=False),
                name="contact_first_response",
            ),
            models.Index(fields=["moved_on"], condition=Q(status="moved"), name="contact_moved"),
            # The list's "assigned to" filter under each of its sorts: read in order, so 50 rows cost
            # 50 index entries rather than a sort of every match (issue 16).
            models.Index(fields=["assigned_party", "registered_at", "id"], name="contact_party_registered"),
            models.Index(fields=["assigned_party", "last_name", "first_name", "id"], name="contact_party_name"),
            models.Index(fields=["assigned_party", "first_response_due", "id"], name="contact_party_due"),
            models.Index(fields=["external_id"], condition=~Q(external_id=""), name="contact_external_id"),
            # The duplicate check of one card: the others with its phone, and its name block
            # (contacts.duplicates.check_contact), without reading the register.
            models.Index(fields=["phone"], condition=~Q(phone=""), name="contact_phone"),
            models.Index(fields=["duplicate_block"], condition=~Q(duplicate_block=""), name="contact_duplicate_block"),
            # The service-level figures count a returning person's request from this date.
            models.Index(
                fields=["requested_again_at"],
                condition=Q(requested_again_at__isnull=False),
                name="contact_requested_again",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_status_display(self) -> str:  # type: ignore[no-redef]  # replaces the generated one on purpose
        """Replaces Django's generated one, which translates every status label per call (the list
        shows 50 rows; issue 16): lib.choices.choice_label."""
        return choice_label(Contact.Status, self.status)

    @property
    def full_name(self) -> str:
        return full_name(self.first_name, self.last_name)

    def refresh_derived_fields(self) -> dict[str, str]:
        """Recompute the columns derived from the person's own fields (call before saving); returns
        them by name (DERIVED_FIELDS), for the UPDATE that saves an edit."""
        self.email_normalised = normalise_email(self.email)
        self.search_text = search_text_for(self.first_name, self.last_name, self.email, self.phone)
        self.duplicate_block = duplicate_block_for(self.current_city, self.last_name)
        return {name: getattr(self, name) for name in self.DERIVED_FIELDS}

    @property
    def prefers_phone(self) -> bool:
        return self.preferred_channel == Channel.PHONE

    @property
    def first_response_in_time(self) -> bool | None:
        """The 2025 agreement, Bilaga 4 (docs/requirements.md): answered within 5 working days? None while
        unanswered."""
        if self.first_response_at is None or self.first_response_due is None:
            return None
        return timezone.localdate(self.first_response_at) <= self.first_response_due

    def working_days_left(self, today: date | None = None) -> int | None:
        """Working days until the first response is due; negative when overdue; None when answered."""
        if self.first_response_at is not None or self.first_response_due is None:
            return None
        return working_days_between(today or timezone.localdate(), self.first_response_due)


class EarlierRequest(models.Model):
    """A request for guidance that was closed when the person asked again (requested_again_at).

    The service-level figures count it with its own clock, so a returning person's new clock
    does not erase how the first request was answered (the 2025 agreement, Bilaga 4; docs/requirements.md)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="earlier_requests")
    requested_at = models.DateTimeField(_("requested"))
    first_response_due = models.DateField(_("first response due"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("earlier request for guidance")
        verbose_name_plural = _("earlier requests for guidance")
        indexes = [models.Index(fields=["requested_at"], name="earlier_request_at")]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.requested_at:%Y-%m-%d}"


class ContactMunicipality(models.Model):
    """A municipality the person is interested in; `position` keeps the order they chose."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="municipality_rows")
    party = models.ForeignKey("parties.Party", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("contact municipality")
        verbose_name_plural = _("contact municipalities")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["contact", "party"], name="contact_municipality_unique")]
        indexes = [models.Index(fields=["party", "contact"], name="municipality_contact")]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.party_id}"


class ContactInterest(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interest_rows")
    interest = models.CharField(max_length=20, choices=Interest.choices)

    class Meta:
        verbose_name = _("contact interest")
        verbose_name_plural = _("contact interests")
        constraints = [models.UniqueConstraint(fields=["contact", "interest"], name="contact_interest_unique")]
        indexes = [models.Index(fields=["interest", "contact"], name="interest_contact")]

    def __str__(self) -> str:
        return self.get_interest_display()


class Activity(models.Model):
    """Every dialogue and event on a card (rule 3: all dialogue is documented on the card)."""

    class Kind(models.TextChoices):
        CALL = "call", _("Phone call")
        EMAIL_OUT = "email_out", _("Email sent")
        EMAIL_IN = "email_in", _("Email received")
        MEETING = "meeting", _("Meeting")
        NOTE = "note", _("Note")
        LETTER = "letter", _("Letter")
        SMS = "sms", _("SMS")
        STATUS_CHANGE = "status_change", _("Status changed")
        TRANSFER = "transfer", _("Transferred")
        REGISTRATION = "registration", _("Registration")
        SYSTEM = "system", _("System event")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    party = models.ForeignKey(
        "parties.Party", verbose_name=_("party"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    # For mail written on the card: when the task queue handed it to the mail server.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A system event as a code with parameters (inflytt/contacts/events.py), rendered in the
    # reader's language; empty for what people wrote and for rows from before.
    event_code = models.CharField(_("event"), max_length=40, blank=True)
    event_params = models.JSONField(_("event parameters"), default=dict, blank=True)

    # The kinds a guide can log by hand, and those that count as contact with the person
    # (the first of them meets the first-response service level; a note does not).
    LOGGABLE = (Kind.CALL, Kind.EMAIL_OUT, Kind.EMAIL_IN, Kind.MEETING, Kind.NOTE, Kind.LETTER, Kind.SMS)
    OUTGOING = (Kind.CALL, Kind.EMAIL_OUT, Kind.MEETING, Kind.LETTER, Kind.SMS)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["contact", "-occurred_at", "-id"], name="activity_timeline"),
            models.Index(fields=["author", "follow_up_on"], name="activity_follow_up"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        """Replaces Django's generated one (which translates every kind's label per call; the card
        shows 50 activities): lib.choices.choice_label."""
        return choice_label(Activity.Kind, self.kind)

    @property
    def summary(self) -> str:
        """The subject line as the reader should see it: a system event in the reader's language."""
        # Imported here, not at the top: events.py imports this module (Contact.Status), and the
        # rendering belongs with the event codes rather than in the model.
        from inflytt.contacts.events import summary

        return summary(kind=self.kind, subject=self.subject, code=self.event_code, params=self.event_params)


class NewsletterSubscription(models.Model):
    """Double opt-in: only a confirmed, not unsubscribed row is a subscriber."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="newsletter")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SV)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"], name="newsletter_state")]

    def __str__(self) -> str:
        return f"newsletter {self.contact_id}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class MagazineOrderQuerySet(models.QuerySet["MagazineOrder"]):
    def to_send(self) -> MagazineOrderQuerySet:
        """Not sent yet and confirmed: an order to a new address waits for the person's confirmation."""
        return self.filter(sent_at__isnull=True, confirmed_at__isnull=False)


class MagazineOrder(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="magazine_orders")
    street = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="SE")
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # None while an order from the public form to an address other than the one on file waits
    # for the person to confirm it through a link mailed to the email address on file.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, default=timezone.now)

    objects = MagazineOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-ordered_at"]
        verbose_name = _("magazine order")
        verbose_name_plural = _("magazine orders")
        indexes = [
            models.Index(fields=["sent_at", "ordered_at"], name="magazine_pending"),
            models.Index(fields=["ordered_at"], name="magazine_ordered"),  # the reports' orders per period
        ]

    def __str__(self) -> str:
        return f"magazine {self.contact_id} {self.ordered_at:%Y-%m-%d}"


class Consent(models.Model):
    """What the person was told and agreed to, per purpose, with the exact text version."""

    class Purpose(models.TextChoices):
        GUIDANCE = "guidance", _("Relocation guidance")
        MAGAZINE = "magazine", _("Magazine")
        NEWSLETTER = "newsletter", _("Newsletter")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    text_version = models.CharField(_("text version"), max_length=40)
    text = models.TextField(_("text shown"))
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    form = models.CharField(_("form"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["contact", "purpose"], name="consent_contact")]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.text_version}"

    @property
    def version_number(self) -> str:
        """The programme's notice version a person reads ("1"), without the language and digest
        that identify the exact text (inflytt/intake/privacy.py: "1-sv-3f2a9c0d1e")."""
        return self.text_version.split("-", 1)[0]


class SavedView(models.Model):
    """A contact list's filters and sort under a name, for its owner or shared with the party.

    Only the filters are kept, never the search words (they may be a person's name)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_views"
    )
    party = models.ForeignKey("parties.Party", verbose_name=_("party"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=2000)
    shared = models.BooleanField(_("shared with the party"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved list view")
        verbose_name_plural = _("saved list views")
        indexes = [models.Index(fields=["party", "shared"], name="saved_view_party")]

    def __str__(self) -> str:
        return self.name


class MergedContact(models.Model):
    """A card merged into another: its old address leads to the card kept."""

    old_id = models.BigIntegerField(unique=True)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="merged_from")
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("merged card")
        verbose_name_plural = _("merged cards")

    def __str__(self) -> str:
        return f"{self.old_id} -> {self.contact_id}"


class DuplicateCandidate(models.Model):
    """Two cards that may be one person (contacts.duplicates finds them): stored, so the list reads
    a page of rows instead of comparing the whole register on each view. The card with the lower id
    is `first` (the one a merge keeps by default). A pair a user marked "not a duplicate" keeps its
    row with `dismissed_at`, so no later refresh proposes it again; a merged or deleted card takes
    its rows with it (CASCADE), and so does an erasure."""

    class Reason(models.TextChoices):
        EMAIL = "email", _("Same email address")
        PHONE = "phone", _("Same phone number")
        NAME = "name", _("Similar name, same city")

    first = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    dismissed_at = models.DateTimeField(_("marked not a duplicate"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_unique")]
        indexes = [
            # The list, best first: read in order, so a page costs a page of index entries.
            models.Index(
                fields=["-score", "first", "second"], condition=Q(dismissed_at__isnull=True), name="duplicate_open"
            ),
            # The incremental check and the cascade find a card's pairs from either side.
            models.Index(fields=["second"], name="duplicate_second"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"
