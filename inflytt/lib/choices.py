"""Labels of model choices without Django's per-call cost.

Django's generated `get_FOO_display()` builds a dict of every choice on each call, hashing each
lazy label, which translates it: a timeline of 50 activities translated every kind label 50 times
(issue 16's profile of the card). An enum look-up translates only the label shown.
"""

from __future__ import annotations

from django.db import models


def choice_label(choices: type[models.Choices], value: object) -> str:
    """The label of `value` in `choices`, or the value itself when it is not one (as Django does)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)
