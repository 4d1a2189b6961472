"""What accounts tells the audit trail.

The audit app sits above accounts (its events name users), so accounts cannot call it; it sends
`account_event` and the audit app records it (inflytt/audit/receivers.py, connected at start-up).
Django's own login signals are received there directly.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with: action (an audit action code: "login", "mfa", "mfa_failed", "create", "edit",
# "delete"), request, and optionally actor, obj (the user acted on) and detail (codes and ids).
account_event = Signal()

# The codes accounts sends (the audit app's AuditEvent.Action has the same values).
LOGIN = "login"
MFA = "mfa"
MFA_FAILED = "mfa_failed"
CREATE = "create"
EDIT = "edit"
DELETE = "delete"
