"""Budget pages: the coordinator edits, the steering group reads. Guides and network managers get 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.models import Role
from inflytt.accounts.permissions import coordinator_required, role_required
from inflytt.budget import invoices, selectors, services
from inflytt.budget.allocation import Allocation
from inflytt.budget.forms import BudgetLineForm, BudgetYearForm, CostKeyForm, OutcomeForm, OutcomeImportForm
from inflytt.budget.models import BudgetLine, BudgetYear
from inflytt.budget.outcome_files import OutcomeFileError
from inflytt.lib.export import workbook_response
from inflytt.parties.models import Party

readers_required = role_required(Role.COORDINATOR, Role.STEERING)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The POST data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _put_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: at its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _allocation_or_problems(budget_year: BudgetYear) -> tuple[Allocation | None, list[str]]:
    try:
        return services.allocate_budget(year=budget_year), []
    except ValidationError as error:
        return None, error.messages


@require_GET
@readers_required
def year_list(request: HttpRequest) -> HttpResponse:
    return render(request, "budget/year_list.html", {"years": selectors.budget_years()})


@require_http_methods(["GET", "POST"])
@coordinator_required
def year_create(request: HttpRequest) -> HttpResponse:
    form = BudgetYearForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            budget_year = services.create_budget_year(**form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("The budget year was created with population as its cost key."))
            return redirect("budget:year", year=budget_year.year)
    return render(request, "budget/year_form.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@readers_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    allocation, problems = _allocation_or_problems(budget_year)
    context = {
        "budget_year": budget_year,
        "lines": selectors.year_lines(budget_year=budget_year),
        "allocation": allocation,
        "problems": problems,
        "may_edit": request.user.has_role(Role.COORDINATOR),  # type: ignore[union-attr]
    }
    return render(request, "budget/year_detail.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_required
def year_edit(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    form = BudgetYearForm(_posted(request), instance=budget_year)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes were saved."))
        return redirect("budget:year", year=budget_year.year)
    context = {"form": form, "budget_year": budget_year}
    return render(request, "budget/year_form.html", context, status=400 if form.errors else 200)


def _line_form(request: HttpRequest, budget_year: BudgetYear, line: BudgetLine | None) -> HttpResponse:
    form = BudgetLineForm(_posted(request), instance=line or BudgetLine(budget_year=budget_year))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_line(line=form.instance)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect("budget:year", year=budget_year.year)
    context = {"form": form, "budget_year": budget_year, "line": line}
    return render(request, "budget/line_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def line_create(request: HttpRequest, year: int) -> HttpResponse:
    return _line_form(request, selectors.get_budget_year(year=year), None)


@require_http_methods(["GET", "POST"])
@coordinator_required
def line_edit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    return _line_form(request, budget_year, get_object_or_404(selectors.year_lines(budget_year=budget_year), pk=pk))


@require_POST
@coordinator_required
def line_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    services.delete_line(line=get_object_or_404(selectors.year_lines(budget_year=budget_year), pk=pk))
    messages.success(request, _("The budget line was removed."))
    return redirect("budget:year", year=budget_year.year)


@require_http_methods(["GET", "POST"])
@coordinator_required
def cost_key_edit(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    current = {entry.party_id: entry.weight for entry in selectors.cost_key(budget_year=budget_year)}
    parties = selectors.cost_key_parties(weighted=current)
    form = CostKeyForm(_posted(request), parties=parties, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_cost_key(budget_year=budget_year, weights=form.weights())
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("The cost key was saved."))
            return redirect("budget:year", year=budget_year.year)
    context = {"form": form, "budget_year": budget_year}
    return render(request, "budget/cost_key_form.html", context, status=400 if form.errors else 200)


@require_GET
@readers_required
def outcome(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    context = {
        "budget_year": budget_year,
        "report": selectors.outcome_report(budget_year=budget_year),
        "may_edit": request.user.has_role(Role.COORDINATOR),  # type: ignore[union-attr]
        # The quarter cells' names when the table stacks into cards on a phone.
        "quarter_labels": [_("Q1"), _("Q2"), _("Q3"), _("Q4")],
    }
    return render(request, "budget/outcome.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_required
def outcome_edit(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    current = {(outcome.area_id, outcome.quarter): outcome.amount for outcome in budget_year.outcomes.all()}
    areas = [row.area for row in selectors.outcome_report(budget_year=budget_year).rows]
    form = OutcomeForm(_posted(request), areas=areas, current=current)
    if request.method == "POST" and form.is_valid():
        services.record_outcomes(budget_year=budget_year, amounts=form.amounts())
        messages.success(request, _("The outcome was saved."))
        return redirect("budget:outcome", year=budget_year.year)
    context = {"form": form, "budget_year": budget_year}
    return render(request, "budget/outcome_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def outcome_import(request: HttpRequest, year: int) -> HttpResponse:
    budget_year = selectors.get_budget_year(year=year)
    form = OutcomeImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                count = services.import_outcomes(budget_year=budget_year, name=upload.name, content=upload.read())
        except OutcomeFileError as error:
            problems = error.problems
        else:
            messages.success(request, _("%(count)s outcome figures were imported.") % {"count": count})
            return redirect("budget:outcome", year=budget_year.year)
    status = 400 if form.errors or problems else 200
    context = {"form": form, "budget_year": budget_year, "problems": problems}
    return render(request, "budget/outcome_import.html", context, status=status)


def _invoice(year: int, slug: str) -> tuple[Allocation, Party]:
    budget_year = selectors.get_budget_year(year=year)
    allocation, problems = _allocation_or_problems(budget_year)
    party = next((party for party in allocation.parties if party.slug == slug), None) if allocation else None
    if allocation is None or party is None:
        raise Http404
    return allocation, party


@require_GET
@readers_required
def invoice_xlsx(request: HttpRequest, year: int, slug: str) -> HttpResponseBase:
    allocation, party = _invoice(year, slug)
    return workbook_response(
        invoices.invoice_workbook(allocation=allocation, party=party),
        filename=invoices.file_name(allocation=allocation, party=party, extension="xlsx"),
    )


@require_GET
@readers_required
def invoice_pdf(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    allocation, party = _invoice(year, slug)
    response = HttpResponse(invoices.invoice_pdf(allocation=allocation, party=party), content_type="application/pdf")
    name = invoices.file_name(allocation=allocation, party=party, extension="pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
