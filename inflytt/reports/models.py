from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """The figures the programme is judged by (the 2025 agreement, section 1; the 2023 case)."""

    HOUSEHOLDS_MOVED = "households_moved", _("Households moved")
    COMPANIES_FOUND_STAFF = "companies_found_staff", _("Companies that found staff")
    REGISTRATIONS = "registrations", _("Registered households")
    MAGAZINE_ORDERS = "magazine_orders", _("Magazine orders")


class Goal(models.Model):
    """A year's goal for one metric, for the whole programme; the coordinator edits them."""

    year = models.PositiveSmallIntegerField(_("year"))
    metric = models.CharField(_("figure"), max_length=40, choices=Metric.choices)
    target = models.PositiveIntegerField(_("goal"))

    class Meta:
        ordering = ["year", "metric"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [models.UniqueConstraint(fields=["year", "metric"], name="goal_year_metric")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_metric_display()}: {self.target}"


class Baseline(models.Model):
    """A figure from before Inflytt (the project's history), entered by hand and shown as such."""

    metric = models.CharField(_("figure"), max_length=40, choices=Metric.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=200, help_text=_("Where the figure comes from."))

    class Meta:
        ordering = ["start", "end", "metric"]
        verbose_name = _("figure from before Inflytt")
        verbose_name_plural = _("figures from before Inflytt")

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.start}..{self.end}: {self.value}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The period ends before it starts.")})


class ReportDispatch(models.Model):
    """One report mailed to one party's contact person: the log of the quarterly sending."""

    period = models.CharField(_("period"), max_length=40)
    party = models.ForeignKey("parties.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("sent to"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("report sent")
        verbose_name_plural = _("reports sent")

    def __str__(self) -> str:
        return f"{self.period} {self.party_id}"
