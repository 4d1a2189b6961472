"""Every staff URL x every role: the expected answer (docs/security.md, Access).

A URL added to the project without a row here fails `test_every_url_has_a_row`.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from inflytt.contacts.tests.factories import contact

ROLES = ["anonymous", "guide_bracke", "guide_are", "coordinator", "steering", "ambassador_admin"]
PEOPLE = {"guide_bracke": 200, "guide_are": 200, "coordinator": 200, "steering": 403, "ambassador_admin": 403}
ADMIN = {"guide_bracke": 403, "guide_are": 403, "coordinator": 200, "steering": 403, "ambassador_admin": 403}
EVERYONE = dict.fromkeys(ROLES[1:], 200)
NETWORK_VIEW = {**PEOPLE, "ambassador_admin": 200}
NETWORK_EDIT = {**ADMIN, "ambassador_admin": 200}
# The reports: aggregates for steering, exact counts for guides and coordinators; not network managers.
REPORTS = {**PEOPLE, "steering": 200}

# url name -> (path template, method, {role: status}); anonymous is always sent to login.
MATRIX: dict[str, tuple[str, str, dict[str, int]]] = {
    # Guides and coordinators are sent on to their queues, steering to the reports; others get a start page.
    "core:home": (
        "/",
        "get",
        {"guide_bracke": 302, "guide_are": 302, "coordinator": 302, "steering": 302, "ambassador_admin": 200},
    ),
    "reports:dashboard": ("/reports/", "get", REPORTS),
    "reports:report": ("/reports/2026Q1/all/", "get", REPORTS),
    "reports:report_pdf": ("/reports/2026Q1/bracke/report.pdf", "get", REPORTS),
    "reports:report_xlsx": ("/reports/2026Q1/all/report.xlsx", "get", REPORTS),
    # Mailing the quarter's reports: coordinators only, sent back to the report.
    "reports:send": ("/reports/2026Q1/send/", "post", {**ADMIN, "coordinator": 302}),
    "admin:reports_goal_changelist": ("/admin/reports/goal/", "get", ADMIN),
    "admin:reports_baseline_changelist": ("/admin/reports/baseline/", "get", ADMIN),
    "contacts:list": ("/contacts/", "get", PEOPLE),
    # The list as a file (its XLSX twin and the audit row: inflytt/contacts/tests/test_contact_export.py).
    "contacts:export": ("/contacts/export.csv", "get", PEOPLE),
    "contacts:create": ("/contacts/new/", "get", PEOPLE),
    "contacts:detail": ("/contacts/{pk}/", "get", PEOPLE),
    "contacts:edit": ("/contacts/{pk}/edit/", "get", PEOPLE),
    # An empty post: allowed roles get the form back with errors (400), others 403.
    "contacts:add_activity": (
        "/contacts/{pk}/activities/",
        "post",
        {**PEOPLE, "guide_bracke": 400, "guide_are": 400, "coordinator": 400},
    ),
    "contacts:duplicates": ("/contacts/duplicates/", "get", PEOPLE),
    # No stored pair has this id: 404 for those allowed (a pair of another party answers the same,
    # inflytt/contacts/tests/test_duplicate_candidates.py).
    "contacts:dismiss_duplicate": (
        "/contacts/duplicates/{pk}/dismiss/",
        "post",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    # The same card twice cannot be merged: 404 for those allowed.
    "contacts:merge": (
        "/contacts/{pk}/merge/{pk}/",
        "get",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    # Staff accounts without the raw admin (inflytt/accounts/tests/test_staff_accounts.py).
    "accounts:users": ("/accounts/users/", "get", ADMIN),
    "accounts:user_edit": ("/accounts/users/{pk}/", "get", {**ADMIN, "coordinator": 404}),
    "accounts:user_reset_mfa": ("/accounts/users/{pk}/reset-mfa/", "post", {**ADMIN, "coordinator": 404}),
    # The live count of the segment editor (htmx; inflytt/mailings/tests/test_segment_count.py).
    "mailings:segment_count": ("/mailings/segments/count/", "get", PEOPLE),
    # The mailing editor's live recipient count (htmx; inflytt/mailings/tests/test_recipient_count.py).
    "mailings:recipient_count": ("/mailings/count/", "get", PEOPLE),
    # The mailing editor's live preview (htmx): an empty post previews an empty body.
    "mailings:body_preview": ("/mailings/body-preview/", "post", PEOPLE),
    # Saved list views (inflytt/contacts/tests/test_saved_views.py): an empty post asks for a name
    # and goes back to the list; removing a view that is not the user's is 404.
    "contacts:save_view": (
        "/contacts/views/",
        "post",
        {**PEOPLE, "guide_bracke": 302, "guide_are": 302, "coordinator": 302},
    ),
    "contacts:delete_view": (
        "/contacts/views/{pk}/delete/",
        "post",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    # The programme's name and colour (inflytt/core/tests/test_branding.py).
    "core:branding": ("/settings/branding/", "get", ADMIN),
    "guidance:queues": ("/guidance/", "get", PEOPLE),
    "guidance:queue": ("/guidance/queue/overdue/", "get", PEOPLE),
    "guidance:follow_ups": ("/guidance/follow-ups/", "get", PEOPLE),
    # Not the user's follow-up: 404, exactly like a missing one.
    "guidance:follow_up_done": (
        "/guidance/follow-ups/{pk}/done/",
        "post",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    # The personal calendar feed's page (inflytt/guidance/tests/test_calendar_feed.py).
    "guidance:calendar": ("/guidance/calendar/", "get", PEOPLE),
    "guidance:transfer": ("/guidance/contacts/{pk}/transfer/", "get", PEOPLE),
    "guidance:assign": ("/guidance/contacts/{pk}/assign/", "get", PEOPLE),
    "guidance:status": ("/guidance/contacts/{pk}/status/", "get", PEOPLE),
    "guidance:email": ("/guidance/contacts/{pk}/email/", "get", PEOPLE),
    # Mail that matched no card (issue 13): guides and coordinators. A mail or an attachment that
    # does not exist is 404 for them.
    "guidance:inbound": ("/guidance/inbound/", "get", PEOPLE),
    "guidance:inbound_mail": (
        "/guidance/inbound/{pk}/",
        "get",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    "guidance:inbound_discard": (
        "/guidance/inbound/{pk}/discard/",
        "post",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    "guidance:received_mail": (
        "/guidance/mail/{pk}/",
        "get",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    "guidance:attachment": (
        "/guidance/attachments/{pk}/",
        "get",
        {**PEOPLE, "guide_bracke": 404, "guide_are": 404, "coordinator": 404},
    ),
    # Embed snippets and API tokens of the public intake: coordinators only. An empty post gets
    # the page back with 400; revoking a token that does not exist is 404.
    "intake:embed": ("/intake/embed/", "get", ADMIN),
    "intake:token_create": ("/intake/tokens/", "post", {**ADMIN, "coordinator": 400}),
    "intake:token_revoke": ("/intake/tokens/{pk}/revoke/", "post", {**ADMIN, "coordinator": 404}),
    # Import of an old register: coordinators only. An import that does not exist is 404.
    "intake:import": ("/intake/import/", "get", ADMIN),
    "intake:import_job": ("/intake/import/{pk}/", "get", {**ADMIN, "coordinator": 404}),
    # Privacy and register maintenance: coordinators only (a guide never reaches retention, erasure
    # or the audit log), except the yearly review of a party, which its guides do.
    "privacy:index": ("/privacy/", "get", ADMIN),
    "privacy:retention": ("/privacy/retention/", "get", ADMIN),
    "privacy:review_progress": ("/privacy/review/", "get", ADMIN),
    "privacy:review": ("/privacy/review/bracke/", "get", PEOPLE),
    "privacy:person_lookup": ("/privacy/person/", "get", ADMIN),
    "privacy:person": ("/privacy/person/{pk}/", "get", ADMIN),
    "privacy:person_json": ("/privacy/person/{pk}/export.json", "get", ADMIN),
    "privacy:person_pdf": ("/privacy/person/{pk}/export.pdf", "get", ADMIN),
    "privacy:erase": ("/privacy/person/{pk}/erase/", "get", ADMIN),
    # An empty post: the coordinator is sent back to the person's page with a message.
    "privacy:withdraw": ("/privacy/person/{pk}/withdraw/", "post", {**ADMIN, "coordinator": 302}),
    "audit:log": ("/privacy/audit/", "get", ADMIN),
    "audit:log_csv": ("/privacy/audit/export.csv", "get", ADMIN),
    # Mailings, segments, events and the magazine: guides and coordinators. Marking the magazine
    # as sent without an export: sent back to the page with a message.
    "mailings:list": ("/mailings/", "get", PEOPLE),
    "mailings:create": ("/mailings/new/", "get", PEOPLE),
    "mailings:segments": ("/mailings/segments/", "get", PEOPLE),
    "mailings:segment_create": ("/mailings/segments/new/", "get", PEOPLE),
    "mailings:events": ("/mailings/events/", "get", PEOPLE),
    "mailings:event_create": ("/mailings/events/new/", "get", PEOPLE),
    "mailings:magazine": ("/mailings/magazine/", "get", PEOPLE),
    "mailings:magazine_export": ("/mailings/magazine/export.csv", "get", PEOPLE),
    # Marking magazine orders sent removes postal addresses across the register: coordinators
    # only (the 2025 agreement, Bilaga 3: the region runs the CRM and the magazine).
    "mailings:magazine_sent": ("/mailings/magazine/sent/", "post", {**ADMIN, "coordinator": 302}),
    "admin:index": ("/admin/", "get", ADMIN),
    "admin:accounts_user_changelist": ("/admin/accounts/user/", "get", ADMIN),
    "admin:parties_party_changelist": ("/admin/parties/party/", "get", ADMIN),
    "admin:audit_auditevent_changelist": ("/admin/audit/auditevent/", "get", ADMIN),
    # Networks: counts for every role; the lists for guides too; editing for the network manager
    # and coordinators; acting from a contact card for guides and coordinators only.
    "networks:overview": ("/networks/", "get", EVERYONE),
    "networks:ambassadors": ("/networks/ambassadors/", "get", NETWORK_VIEW),
    "networks:ambassador_create": ("/networks/ambassadors/new/", "get", NETWORK_EDIT),
    "networks:coworking": ("/networks/coworking/", "get", NETWORK_VIEW),
    "networks:coworking_create": ("/networks/coworking/new/", "get", NETWORK_EDIT),
    "networks:employers": ("/networks/employers/", "get", NETWORK_VIEW),
    "networks:employer_create": ("/networks/employers/new/", "get", NETWORK_EDIT),
    # Inviting ambassadors to the mailings' meet-ups: the network manager and coordinators.
    "networks:events": ("/networks/events/", "get", NETWORK_EDIT),
    "networks:contact": ("/networks/contacts/{pk}/", "get", PEOPLE),
    "networks:hire": ("/networks/contacts/{pk}/hire/", "get", PEOPLE),
    # An empty post: back to the card.
    "networks:tip": (
        "/networks/contacts/{pk}/tip/",
        "post",
        {**PEOPLE, "guide_bracke": 302, "guide_are": 302, "coordinator": 302},
    ),
}
# Reachable without login by design; checked in their own tests.
PUBLIC = {"core:healthz", "accounts:login", "set_language", "core:branding_css", "core:branding_logo"}
# Forgotten password and the set-password link (inflytt/accounts/tests/test_staff_accounts.py).
PUBLIC |= {"accounts:password_reset", "accounts:set_password"}
# The public intake: the form, its thank-you page, the newsletter opt-in and the information
# pages (inflytt/intake/tests).
PUBLIC |= {
    "intake:form",
    "intake:party_form",
    "intake:thanks",
    "intake:newsletter_confirm",
    # The person's own pages, opened by a signed personal link (test_selfservice.py, test_known_address.py).
    "intake:magazine_confirm",
    "intake:selfservice",
    "intake:privacy",
    "intake:accessibility",
    # The registration API answers bearer tokens, not sessions (401 JSON without one): every case
    # in inflytt/api/tests/test_registrations_api.py.
    "api:registrations",
    "api:contact",
    # The reports' JSON answers bearer tokens of the reports scope only (401 JSON otherwise): every
    # case in inflytt/api/tests/test_reports_api.py.
    "api:reports",
}
# Need a retention run to answer: every role is checked in inflytt/privacy/tests/test_permissions.py.
OWN_MATRIX_PRIVACY = {"privacy:retention_run", "privacy:retention_start", "privacy:retention_resume"}
# Need a mailing, segment or event to answer: every role in inflytt/mailings/tests/test_permissions.py.
# The signed unsubscribe and RSVP links are public (inflytt/mailings/tests/test_unsubscribe.py, test_rsvp.py).
OWN_MATRIX_MAILINGS = {
    f"mailings:{name}"
    for name in ("detail", "edit", "preview", "test", "send", "unschedule", "segment", "segment_edit")
    + ("event", "event_edit", "event_attendance")
}
PUBLIC |= {"mailings:unsubscribe", "mailings:rsvp"}
# The ambassador sign-up and the coworking directory (HTML and JSON): inflytt/networks/tests/test_public.py.
PUBLIC |= {"networks:sign_up", "networks:party_sign_up", "networks:sign_up_thanks", "networks:directory"}
PUBLIC |= {"api:coworking"}
# Need an ambassador, employer, need or introduction to answer: every role in
# inflytt/networks/tests/test_permissions.py.
OWN_MATRIX_NETWORKS = {
    f"networks:{name}"
    for name in ("ambassador", "ambassador_edit", "ambassador_log", "coworking_edit", "employer", "employer_edit")
    + ("need_create", "need_edit", "contact_person_create", "introduce", "introduction_met")
    + ("employer_log", "contact_person_edit", "contact_person_delete", "hire_edit", "hire_delete")
    + ("event", "event_invite", "event_attendance")
}
# An ambassador's signed RSVP and unsubscribe links: inflytt/networks/tests/test_ambassador_events.py.
PUBLIC |= {"networks:ambassador_rsvp", "networks:ambassador_unsubscribe"}
# The calendar feed's secret URL is its key (inflytt/guidance/tests/test_calendar_feed.py).
PUBLIC |= {"guidance:calendar_feed"}
# Part of the login flow itself; tested in test_login.py.
LOGIN_FLOW = {"accounts:logout", "accounts:mfa_setup", "accounts:mfa_verify"}
# Need a budget year to answer: every role is checked in inflytt/budget/tests/test_permissions.py,
# and the API's (JSON 401/403, never a login redirect) in inflytt/api/tests/.
OWN_MATRIX = {
    f"budget:{name}"
    for name in ("list", "year_create", "year", "year_edit", "cost_key", "line_create", "line_edit", "line_delete")
    + ("outcome", "outcome_edit", "outcome_import", "invoice_xlsx", "invoice_pdf")
} | {"api:budget_allocation", "api:openapi-json", "api:api-root"}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


def test_every_url_has_a_row():
    known = (
        set(MATRIX) | PUBLIC | LOGIN_FLOW | OWN_MATRIX | OWN_MATRIX_PRIVACY | OWN_MATRIX_MAILINGS | OWN_MATRIX_NETWORKS
    )
    # The admin's own generated pages (one per model action) are covered by its index checks.
    project = {name for name in _names(get_resolver()) if not name.startswith("admin:") or name in MATRIX}
    assert project - known == set(), "Add these URLs to the permission matrix"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_gets_the_expected_answer(client_for, role, name):
    template, method, expected = MATRIX[name]
    path = template.format(pk=contact().pk)
    response = getattr(client_for(role), method)(path)
    if role == "anonymous":
        assert response.status_code == 302
        # The admin sends to its own login address first, which forwards to ours.
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    else:
        assert response.status_code == expected[role], (name, role)


@pytest.mark.django_db
def test_steering_never_sees_a_person(client_for):
    person = contact(first_name="Märta", last_name="Hemligsson", email="marta@example.se", message="Min fråga")
    client = client_for("steering")
    paths = ["/", "/contacts/", f"/contacts/{person.pk}/", f"/contacts/?q={person.last_name}"]
    paths += ["/reports/", "/reports/2026/all/", "/reports/2026/region/"]
    for path in paths:
        body = client.get(path, follow=True).content.decode()
        for secret in ("Märta", "Hemligsson", "marta@example.se", "Min fråga", "+46701234567"):
            assert secret not in body, (path, secret)


@pytest.mark.django_db
def test_a_missing_contact_answers_like_any_404(client_for):
    client = client_for("guide_bracke")
    assert client.get("/contacts/999999/").status_code == 404
    assert client.get("/contacts/999999/edit/").status_code == 404
