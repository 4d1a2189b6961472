"""The agreement's budget: a year, its lines, its cost key and the outcome per quarter.

What each party pays is not stored: `services.allocate_budget` derives it from these rows, so it
can never disagree with them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

HOURS_FOR_PERSONNEL = _("A personnel line needs its hours per year.")
AMOUNT_FOR_PURCHASE = _("A purchase line needs its amount.")
PAYER_FOR_PARTY_RULE = _("Choose the party that pays this line.")
PAYER_ONLY_FOR_PARTY_RULE = _("Only a line paid by one named party has a payer.")


class BudgetYear(models.Model):
    """One year of the agreement (Bilaga 1): the hourly rate and what was left from the year before."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    hourly_rate = models.PositiveIntegerField(_("hourly rate (kr)"), help_text=_("Whole kronor per hour."))
    carry_over_personnel = models.PositiveIntegerField(
        _("carry-over for personnel (kr)"), default=0, help_text=_("Left from the previous year, added to the budget.")
    )
    carry_over_activities = models.PositiveIntegerField(
        _("carry-over for activities (kr)"), default=0, help_text=_("Left from the previous year, added to the budget.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def carry_over(self) -> int:
        return self.carry_over_personnel + self.carry_over_activities


class Area(models.Model):
    """An insatsområde: CRM system, web platform, communication... The coordinator may add more."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class CostKeyEntry(models.Model):
    """A party's weight in a year's cost key; a party takes part in a year when it has an entry.

    The weight is population by default; only municipalities share by key, so a region's weight
    is not used.
    """

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="cost_key")
    party = models.ForeignKey("parties.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveBigIntegerField(_("weight"), default=0)

    class Meta:
        ordering = ["party__kind", "party__name"]
        verbose_name = _("cost key weight")
        verbose_name_plural = _("cost key weights")
        constraints = [models.UniqueConstraint(fields=["budget_year", "party"], name="budget_costkey_one_per_party")]

    def __str__(self) -> str:
        return f"{self.budget_year} {self.party}: {self.weight}"


class BudgetLine(models.Model):
    """One row of Bilaga 1: an area's personnel hours or purchase, and who pays it (Bilaga 2)."""

    class Kind(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel (hours x hourly rate)")
        PURCHASE = "purchase", _("Purchase (amount)")

    class PayerRule(models.TextChoices):
        REGION = "region", _("Paid by the region")
        BY_KEY = "by_key", _("Shared by the municipalities by cost key")
        EQUALLY = "equally", _("Shared by the municipalities equally")
        PARTY = "party", _("Paid by one named party")

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="lines")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="lines")
    description = models.CharField(_("description"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    hours = models.PositiveIntegerField(_("hours per year"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (kr)"), null=True, blank=True)
    payer_rule = models.CharField(_("who pays"), max_length=10, choices=PayerRule.choices)
    payer = models.ForeignKey(
        "parties.Party",
        verbose_name=_("paying party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["area__position", "area__name", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [models.Index(fields=["budget_year", "area"])]

    def __str__(self) -> str:
        return self.description

    @property
    def cost(self) -> int:
        """Whole kronor: hours x the year's hourly rate, or the purchase amount."""
        if self.kind == self.Kind.PERSONNEL:
            return (self.hours or 0) * self.budget_year.hourly_rate
        return self.amount or 0

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.kind == self.Kind.PERSONNEL:
            if self.hours is None:
                errors["hours"] = HOURS_FOR_PERSONNEL
            self.amount = None
        elif self.kind == self.Kind.PURCHASE:
            if self.amount is None:
                errors["amount"] = AMOUNT_FOR_PURCHASE
            self.hours = None
        if self.payer_rule == self.PayerRule.PARTY and self.payer_id is None:
            errors["payer"] = PAYER_FOR_PARTY_RULE
        elif self.payer_rule != self.PayerRule.PARTY and self.payer_id is not None:
            errors["payer"] = PAYER_ONLY_FOR_PARTY_RULE
        if errors:
            raise ValidationError(errors)


class Outcome(models.Model):
    """The actual cost of an area in one quarter, as the finance system reports it (öre allowed)."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="outcomes")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="outcomes")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    amount = models.DecimalField(_("amount (kr)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["area__position", "quarter"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "area", "quarter"], name="budget_outcome_one_per_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="budget_outcome_quarter"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_outcome_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_year} {self.area} Q{self.quarter}"
