"""Staff pages of the networks. The network manager (ambassador_admin) and coordinators edit;
guides see the networks and act from the contact card; steering sees counts only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inflytt.accounts.models import Role
from inflytt.accounts.permissions import people_required, role_required
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.views import get_card_or_404
from inflytt.lib.idempotency import first_submission, new_submission_token
from inflytt.mailings import selectors as mailing_selectors
from inflytt.mailings.models import Event
from inflytt.networks import forms, selectors, services
from inflytt.networks.models import (
    Ambassador,
    CoworkingSpace,
    Employer,
    EmployerContactPerson,
    Hire,
    Introduction,
    RecruitmentNeed,
)
from inflytt.parties.selectors import municipalities

edit_required = role_required(Role.AMBASSADOR_ADMIN, Role.COORDINATOR)
view_required = role_required(Role.AMBASSADOR_ADMIN, Role.COORDINATOR, Role.GUIDE)
counts_required = role_required(Role.AMBASSADOR_ADMIN, Role.COORDINATOR, Role.GUIDE, Role.STEERING)
PER_PAGE = 50


def _party_filter(request: HttpRequest) -> Any:
    slug = request.GET.get("party", "")[:40]
    return municipalities().filter(slug=slug).first() if slug else None


def _list_page(request: HttpRequest, template: str, queryset: Any, *, party: Any, **extra: Any) -> HttpResponse:
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "parties": municipalities(),
        "party": party,
        "querystring": query.urlencode(),
        **extra,
    }
    return render(request, template, context)


def _form_page(
    request: HttpRequest,
    form_class: type[ModelForm],
    instance: Model | None,
    *,
    template: str,
    title: str,
    save: Any = None,
    done: Any = None,
    delete_url: str = "",
) -> HttpResponse:
    """Show, validate and save one network entry through its service; back to `done(entry)`."""
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        try:
            (save or services.save_network_entry)(instance=entry, acting_user=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(done(entry) if done else entry_url(entry))
    status = 400 if form.is_bound else 200
    context = {"form": form, "title": title, "entry": instance, "delete_url": delete_url}
    return render(request, template, context, status=status)


def entry_url(entry: Model) -> str:
    if isinstance(entry, Ambassador):
        return reverse("networks:ambassador", args=[entry.pk])
    if isinstance(entry, Employer):
        return reverse("networks:employer", args=[entry.pk])
    return reverse("networks:coworking")


@require_GET
@counts_required
def overview(request: HttpRequest) -> HttpResponse:
    """Counts only: the page steering may see."""
    year = timezone.localdate().year
    found = selectors.companies_found_staff(start=date(year, 1, 1), end=date(year, 12, 31))
    return render(
        request,
        "networks/overview.html",
        {"counts": selectors.network_counts(), "year": year, "found": found},
    )


# --- Ambassadors ----------------------------------------------------------------------------------


@require_GET
@view_required
def ambassador_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Ambassador.Status.values else ""
    party = _party_filter(request)
    queryset = selectors.ambassador_list(party=party, status=status)
    return _list_page(
        request,
        "networks/ambassador_list.html",
        queryset,
        party=party,
        statuses=Ambassador.Status.choices,
        status=status,
    )


@require_http_methods(["GET", "POST"])
@edit_required
def ambassador_create(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request, forms.AmbassadorForm, None, template="networks/form.html", title=_("New place ambassador")
    )


@require_http_methods(["GET", "POST"])
@edit_required
def ambassador_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ambassador = get_object_or_404(Ambassador, pk=pk)
    return _form_page(
        request, forms.AmbassadorForm, ambassador, template="networks/form.html", title=_("Edit the place ambassador")
    )


@require_GET
@view_required
def ambassador_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ambassador = get_object_or_404(Ambassador.objects.select_related("party"), pk=pk)
    record_event(action=AuditEvent.Action.VIEW, request=request, obj=ambassador)
    return _ambassador_page(request, ambassador, forms.AmbassadorActivityForm())


def _ambassador_page(request: HttpRequest, ambassador: Ambassador, form: Any, status: int = 200) -> HttpResponse:
    log = ambassador.activities.select_related("author")[:100]
    return render(
        request, "networks/ambassador_detail.html", {"ambassador": ambassador, "log": log, "form": form}, status=status
    )


@require_POST
@edit_required
def ambassador_log(request: HttpRequest, pk: int) -> HttpResponse:
    ambassador = get_object_or_404(Ambassador.objects.select_related("party"), pk=pk)
    form = forms.AmbassadorActivityForm(request.POST)
    if not form.is_valid():
        return _ambassador_page(request, ambassador, form, status=400)
    services.log_ambassador_activity(ambassador=ambassador, acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    messages.success(request, _("The activity was logged."))
    return redirect("networks:ambassador", pk=ambassador.pk)


# --- Coworking --------------------------------------------------------------------------------------


@require_GET
@view_required
def coworking_list(request: HttpRequest) -> HttpResponse:
    party = _party_filter(request)
    return _list_page(request, "networks/coworking_list.html", selectors.coworking_list(party=party), party=party)


@require_http_methods(["GET", "POST"])
@edit_required
def coworking_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, forms.CoworkingForm, None, template="networks/form.html", title=_("New coworking space"))


@require_http_methods(["GET", "POST"])
@edit_required
def coworking_edit(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_object_or_404(CoworkingSpace, pk=pk)
    return _form_page(
        request, forms.CoworkingForm, space, template="networks/form.html", title=_("Edit the coworking space")
    )


# --- Employers ------------------------------------------------------------------------------------


@require_GET
@view_required
def employer_list(request: HttpRequest) -> HttpResponse:
    recruiters = request.GET.get("recruiters") == "1"
    occupation = request.GET.get("occupation", "")[:100]
    party = _party_filter(request)
    queryset = selectors.employer_list(party=party, recruiters_only=recruiters, occupation=occupation)
    return _list_page(
        request, "networks/employer_list.html", queryset, party=party, recruiters=recruiters, occupation=occupation
    )


@require_http_methods(["GET", "POST"])
@edit_required
def employer_create(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        forms.EmployerForm,
        None,
        template="networks/form.html",
        title=_("New employer"),
        save=lambda instance, acting_user: services.save_employer(employer=instance, acting_user=acting_user),
    )


@require_http_methods(["GET", "POST"])
@edit_required
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer, pk=pk)
    return _form_page(
        request,
        forms.EmployerForm,
        employer,
        template="networks/form.html",
        title=_("Edit the employer"),
        save=lambda instance, acting_user: services.save_employer(employer=instance, acting_user=acting_user),
    )


@require_GET
@view_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _employer_page(request, pk, forms.EmployerActivityForm())


def _employer_page(request: HttpRequest, pk: int, form: Any, status: int = 200) -> HttpResponse:
    try:
        employer = selectors.employer_detail(pk=pk)
    except Employer.DoesNotExist:
        raise Http404 from None
    context = {"employer": employer, "log": selectors.employer_log(employer=employer), "form": form}
    return render(request, "networks/employer_detail.html", context, status=status)


@require_POST
@edit_required
def employer_log(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer, pk=pk)
    form = forms.EmployerActivityForm(request.POST)
    if not form.is_valid():
        return _employer_page(request, pk, form, status=400)
    services.log_employer_activity(employer=employer, acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    messages.success(request, _("The activity was logged."))
    return redirect("networks:employer", pk=employer.pk)


@require_http_methods(["GET", "POST"])
@edit_required
def need_create(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer, pk=pk)
    return _form_page(
        request,
        forms.NeedForm,
        RecruitmentNeed(employer=employer),
        template="networks/form.html",
        title=_("New recruitment need"),
        done=lambda need: entry_url(employer),
    )


@require_http_methods(["GET", "POST"])
@edit_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(RecruitmentNeed.objects.select_related("employer"), pk=pk)
    return _form_page(
        request,
        forms.NeedForm,
        need,
        template="networks/form.html",
        title=_("Edit the recruitment need"),
        done=lambda row: entry_url(need.employer),
    )


@require_http_methods(["GET", "POST"])
@edit_required
def contact_person_create(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer, pk=pk)
    return _form_page(
        request,
        forms.ContactPersonForm,
        EmployerContactPerson(employer=employer),
        template="networks/form.html",
        title=_("New contact person"),
        done=lambda person: entry_url(employer),
    )


@require_http_methods(["GET", "POST"])
@edit_required
def contact_person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(EmployerContactPerson.objects.select_related("employer"), pk=pk)
    return _form_page(
        request,
        forms.ContactPersonForm,
        person,
        template="networks/form.html",
        title=_("Edit the contact person"),
        done=lambda row: entry_url(person.employer),
        delete_url=reverse("networks:contact_person_delete", args=[person.pk]),
    )


@require_http_methods(["GET", "POST"])
@edit_required
def contact_person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(EmployerContactPerson.objects.select_related("employer"), pk=pk)
    back = entry_url(person.employer)
    if request.method == "POST":
        services.delete_contact_person(person=person, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The contact person was removed."))
        return redirect(back)
    question = _("Remove the contact person %(name)s at %(employer)s?") % {
        "name": person.name,
        "employer": person.employer.name,
    }
    return render(request, "networks/confirm_delete.html", {"question": question, "back": back})


# --- From the contact card (guides and coordinators) ---------------------------------------------


@require_GET
@people_required
def contact_networks(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's networks: suggestions for their municipalities and occupation, each one click
    from an introduction or a logged tip, and the introductions and hires so far."""
    contact = get_card_or_404(pk)
    record_event(action=AuditEvent.Action.VIEW, request=request, contact_id=contact.pk, obj=contact)
    panel = {
        "suggestions": selectors.suggestions_for(contact=contact),
        "introductions": list(selectors.contact_introductions(contact=contact)),
        "hires": list(selectors.contact_hires(contact=contact)),
    }
    return render(request, "networks/contact.html", {"contact": contact, "panel": panel})


@require_http_methods(["GET", "POST"])
@people_required
def introduce(request: HttpRequest, pk: int, ambassador_pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    ambassador = get_object_or_404(
        Ambassador.objects.select_related("party"), pk=ambassador_pk, status=Ambassador.Status.ACTIVE
    )
    form = forms.IntroductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if first_submission(request, request.POST.get("submission_token", "")):
            try:
                services.introduce(
                    contact=contact,
                    ambassador=ambassador,
                    shared=form.cleaned_data["shared"],
                    consent_given=form.cleaned_data["consent_given"],
                    acting_user=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The introduction was logged and the mails are on their way."))
                return redirect("networks:contact", pk=contact.pk)
        else:
            return redirect("networks:contact", pk=contact.pk)
    # The sentence the guide reads to the person (with everything shareable; the boxes narrow it).
    preview, _version = services.consent_text(
        ambassador=ambassador, shared=list(services.SHAREABLE), language=contact.language
    )
    status = 400 if form.is_bound else 200
    return render(
        request,
        "networks/introduce.html",
        {
            "contact": contact,
            "ambassador": ambassador,
            "form": form,
            "preview": preview,
            "submission_token": new_submission_token(),
        },
        status=status,
    )


@require_POST
@people_required
def introduction_met(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_object_or_404(Introduction.objects.select_related("contact"), pk=pk)
    answer = request.POST.get("met", "")
    if answer in {"yes", "no"}:
        services.record_meeting(introduction=introduction, met=answer == "yes", acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The answer was saved."))
    return redirect("networks:contact", pk=introduction.contact_id)


@require_http_methods(["GET", "POST"])
@people_required
def hire_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    form = forms.HireForm(request.POST or None, initial={"occupation": contact.occupation})
    if request.method == "POST" and form.is_valid():
        if first_submission(request, request.POST.get("submission_token", "")):
            services.record_hire(
                contact=contact,
                acting_user=request.user,  # type: ignore[arg-type]
                **{name: form.cleaned_data[name] for name in services.HIRE_FIELDS},
            )
            messages.success(request, _("The hire was recorded."))
        return redirect("networks:contact", pk=contact.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "networks/hire_form.html",
        {"contact": contact, "form": form, "submission_token": new_submission_token()},
        status=status,
    )


def _hire_or_404(pk: int) -> Hire:
    """A hire on a card the user may see (a hire detached from an erased card is no one's)."""
    hire = get_object_or_404(Hire.objects.select_related("employer", "employer__party"), pk=pk, contact__isnull=False)
    hire.contact = get_card_or_404(hire.contact_id)  # type: ignore[arg-type]
    return hire


@require_http_methods(["GET", "POST"])
@people_required
def hire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hire = _hire_or_404(pk)
    contact = hire.contact
    form = forms.HireForm(request.POST or None, instance=hire)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.HIRE_FIELDS}
        services.update_hire(hire=Hire.objects.get(pk=hire.pk), changes=changes, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The changes were saved."))
        return redirect("networks:contact", pk=contact.pk)  # type: ignore[union-attr]
    status = 400 if form.is_bound else 200
    return render(request, "networks/hire_form.html", {"contact": contact, "form": form, "hire": hire}, status=status)


@require_http_methods(["GET", "POST"])
@people_required
def hire_delete(request: HttpRequest, pk: int) -> HttpResponse:
    hire = _hire_or_404(pk)
    back = reverse("networks:contact", args=[hire.contact_id])
    if request.method == "POST":
        services.delete_hire(hire=hire, acting_user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The hire was removed."))
        return redirect(back)
    question = _("Remove the record “%(hire)s” from the card?") % {"hire": f"{hire}"}
    return render(request, "networks/confirm_delete.html", {"question": question, "back": back})


@require_POST
@people_required
def tip(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_card_or_404(pk)
    kind, _sep, raw_id = request.POST.get("target", "").partition(":")
    model = {"employer": Employer, "coworking": CoworkingSpace}.get(kind)
    if model is None or not raw_id.isdigit():
        return redirect("networks:contact", pk=contact.pk)
    target = get_object_or_404(model, pk=int(raw_id))
    services.log_tip(contact=contact, target=target, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The tip was logged on the card."))
    return redirect("networks:contact", pk=contact.pk)


# --- Ambassadors invited to meet-ups --------------------------------------------------------------


@require_GET
@edit_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The meet-ups of the mailings app, to invite ambassadors to."""
    return render(request, "networks/event_list.html", {"events": selectors.events_with_ambassadors()})


def _event_page(request: HttpRequest, event: Event, *, invite: Any = None, status: int = 200) -> HttpResponse:
    invitations = list(selectors.event_ambassadors(event=event))
    context = {
        "event": event,
        "invitations": invitations,
        "invite_form": invite or forms.AmbassadorInviteForm(),
        "attendance_form": forms.AttendanceForm(invitations=invitations),
        "is_past": event.starts_at <= timezone.now(),
    }
    return render(request, "networks/event.html", context, status=status)


@require_GET
@edit_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(mailing_selectors.events(), pk=pk)
    return _event_page(request, event)


@require_POST
@edit_required
def event_invite(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(mailing_selectors.events(), pk=pk)
    form = forms.AmbassadorInviteForm(request.POST)
    if not form.is_valid() or event.starts_at <= timezone.now():
        return _event_page(request, event, invite=form, status=400)
    invited = services.invite_ambassadors(
        event=event,
        party_ids=[party.pk for party in form.cleaned_data["parties"]],
        offers=form.cleaned_data["offers"],
        message=form.cleaned_data["message"],
        acting_user=request.user,  # type: ignore[arg-type]
    )
    messages.success(
        request,
        ngettext("%(count)s ambassador was invited.", "%(count)s ambassadors were invited.", len(invited))
        % {"count": len(invited)},
    )
    return redirect("networks:event", pk=event.pk)


@require_POST
@edit_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(mailing_selectors.events(), pk=pk)
    ids = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    services.mark_ambassador_attendance(event=event, attended_ids=ids, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The changes were saved."))
    return redirect("networks:event", pk=event.pk)
