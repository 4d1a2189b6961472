"""A report laid out as sections of tables, each with the chart that draws it.

The page, the PDF and the XLSX (one sheet per section) are made from these same tables, so the
files hold exactly what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inflytt.reports import charts
from inflytt.reports.models import Metric
from inflytt.reports.presentation import HIDDEN_TEXT, SMALL_CELL, SMALL_TEXT, Cell, ReportView
from inflytt.reports.registry import extra_figures

Value = Cell | int | Decimal | float | str | None

SECTIONS: list[tuple[str, Any, list[str]]] = [
    ("registrations", gettext_lazy("Registrations"), ["registrations", "persons_registered"]),
    (
        "responses",
        gettext_lazy("First responses"),
        ["first_responses", "first_responses_in_time", "overdue_now"],
    ),
    ("moved", gettext_lazy("Moved"), ["households_moved", "persons_moved"]),
    (
        "funnel",
        gettext_lazy("From registration to moving (registered in the period)"),
        ["registrations", "funnel_first_response", "funnel_in_dialogue", "funnel_moved", "not_moving", "paused"],
    ),
    (
        "channels",
        gettext_lazy("Magazine and newsletter"),
        ["magazine_orders", "newsletter_subscribers", "newsletter_joined", "newsletter_left", "newsletter_net"],
    ),
    ("events", gettext_lazy("Events"), ["events", "event_invitees", "event_attendees"]),
]


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Value]]]
    chart: charts.Chart | None = None
    notes: list[str] = field(default_factory=list)


def cell_text(value: Value) -> str:
    if isinstance(value, Cell):
        if value.shown:
            return str(value.value)
        return str(SMALL_TEXT if value.state == SMALL_CELL else HIDDEN_TEXT)
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def _sections(view: ReportView) -> list[tuple[str, str, list[str]]]:
    sections = [(key, str(title), keys) for key, title, keys in SECTIONS]
    extras = [extra.key for extra in extra_figures() if extra.key in view.figures]
    if extras:
        sections.append(("networks", _("Networks"), extras))
    return sections


def _figure_table(view: ReportView, key: str, title: str, keys: list[str]) -> Table:
    parties = view.parties
    programme = view.party is None
    columns = [party.name for party in parties] + ([_("Total")] if programme else [])
    rows: list[tuple[str, list[Value]]] = []
    for figure_key in keys:
        figure = view.figures[figure_key]
        cells: list[Value] = [cell for _party, cell in figure.by_party]
        rows.append((str(figure.label), [*cells, figure.total] if programme else cells))
    first = view.figures[keys[0]]
    # The funnel is drawn as its stages; the other sections as their first figure by party.
    if programme and key != "funnel":
        chart_rows = [(party.name, cell) for party, cell in first.by_party]
        chart_title = str(first.label)
    else:
        chart_rows = [(str(view.figures[k].label), view.figures[k].total) for k in keys]
        chart_title = title
    alt = _("Bar chart: %(title)s. The table beside it holds the same figures.") % {"title": chart_title}
    return Table(key, title, columns, rows, charts.Chart(charts.bars, chart_title, chart_rows, alt))


def _breakdown_tables(view: ReportView) -> list[Table]:
    tables = []
    for key in ("registrations", "households_moved"):
        figure = view.figures[key]
        for breakdown in figure.breakdowns:
            if not breakdown.rows:
                continue
            rows: list[tuple[str, list[Value]]] = [(str(label), [cell]) for _key, label, cell in breakdown.rows]
            title = f"{figure.label}: {str(breakdown.label).lower()}"
            tables.append(Table(f"{key}-{breakdown.key}", title, [_("Households")], rows))
    return tables


def goal_table(view: ReportView) -> Table | None:
    if not view.goals:
        return None
    rows: list[tuple[str, list[Value]]] = []
    chart_rows = []
    for progress in view.goals:
        label = str(progress.goal.get_metric_display())
        reached: Value = progress.reached
        if progress.suppressed:
            reached = Cell(None, SMALL_CELL)
        elif progress.reached is None:
            reached = _("no figure yet")
        share = (
            f"{100 * progress.reached / progress.goal.target:.0f} %"
            if progress.reached is not None and progress.goal.target
            else "–"
        )
        rows.append((label, [progress.goal.target, reached, share]))
        chart_rows.append((label, progress.goal.target, progress.reached))
    year = view.goals[0].goal.year
    title = _("Goals %(year)s, counted from 1 January to %(date)s") % {
        "year": year,
        "date": view.report.period.end.isoformat(),
    }
    alt = _("Bar chart of each goal and the count so far. The table beside it holds the same figures.")
    chart = charts.Chart(charts.goal, title, chart_rows, alt)
    notes = []
    missing = {progress.goal.metric for progress in view.goals if progress.reached is None and not progress.suppressed}
    if Metric.COMPANIES_FOUND_STAFF in missing:
        notes.append(_("Companies that found staff are counted once the networks are kept in Inflytt."))
    return Table("goals", title, [_("Goal"), _("So far"), _("Share")], rows, chart, notes)


def _baseline_table(view: ReportView) -> Table | None:
    if not view.report.baselines:
        return None
    rows: list[tuple[str, list[Value]]] = [
        (str(row.get_metric_display()), [f"{row.start.isoformat()} – {row.end.isoformat()}", row.value, row.source])
        for row in view.report.baselines
    ]
    return Table(
        "history",
        _("From before Inflytt (the project's history)"),
        [_("Period"), _("Value"), _("Source")],
        rows,
        notes=[_("Entered by hand from the project's documents; not counted by Inflytt.")],
    )


def _responses_table(view: ReportView) -> Table:
    share = view.share_in_time
    rows: list[tuple[str, list[Value]]] = [
        (_("Share of first responses within 5 working days"), [f"{100 * share:.0f} %" if share is not None else None]),
        (_("Median working days to the first response"), [view.median_days]),
        (_("Mailings sent"), [view.report.mailings_sent]),
        (_("Mails delivered"), [view.report.deliveries]),
        (
            _("Bounce rate"),
            [f"{100 * view.report.bounce_rate:.1f} %" if view.report.bounce_rate is not None else None],
        ),
    ]
    return Table("service", _("Service level and mailings"), [_("Value")], rows)


def economy_tables(view: ReportView) -> list[Table]:
    economy = view.economy
    if economy is None:
        return []
    outcome = economy.outcome
    quarters = [_("Q%(number)s") % {"number": number} for number in range(1, 5)]
    rows: list[tuple[str, list[Value]]] = [
        (row.area.name, [row.budget, *row.quarters, row.outcome, row.left]) for row in outcome.rows
    ]
    rows.append((_("Total"), [outcome.budget, *outcome.quarter_totals, outcome.outcome, outcome.budget_left]))
    year = economy.budget_year.year
    tables = [
        Table(
            "economy",
            _("Economic report %(year)s: budget and outcome per area and quarter (kr)") % {"year": year},
            [_("Budget"), *quarters, _("Outcome"), _("Left")],
            rows,
            notes=[
                _("Carried over from last year: %(amount)s kr. Available: %(available)s kr. Left: %(left)s kr.")
                % {"amount": economy.budget_year.carry_over, "available": outcome.available, "left": outcome.left}
            ],
        )
    ]
    if economy.allocation is not None:
        payment_rows: list[tuple[str, list[Value]]] = [
            (row.party.name, [row.total])
            for row in economy.allocation.rows
            if view.party is None or row.party.pk == view.party.pk
        ]
        tables.append(
            Table("payments", _("Each party's payment %(year)s (kr)") % {"year": year}, [_("To pay")], payment_rows)
        )
    return tables


def tables(view: ReportView) -> list[Table]:
    """Every table of the report, in the order of the page and the files."""
    result: list[Table] = []
    if goal := goal_table(view):
        result.append(goal)
    result += [_figure_table(view, key, title, keys) for key, title, keys in _sections(view)]
    result.append(_responses_table(view))
    result += _breakdown_tables(view)
    if history := _baseline_table(view):
        result.append(history)
    result += economy_tables(view)
    return result


def report_context(view: ReportView) -> dict[str, Any]:
    return {"view": view, "tables": tables(view), "scope": view.party.slug if view.party else "all"}


# The dashboard draws the goals and these two; its other tables are figures to read, and every
# chart drawn costs tens of milliseconds on a page meant to open at once (the report draws them all).
DASHBOARD_CHARTS = {"registrations", "moved"}


def dashboard_context(view: ReportView) -> dict[str, Any]:
    figures = [_figure_table(view, key, title, keys) for key, title, keys in _sections(view)]
    for table in figures:
        if table.key not in DASHBOARD_CHARTS:
            table.chart = None
    goal = goal_table(view)
    return {"view": view, "tables": ([goal] if goal else []) + figures, "scope": "all"}
