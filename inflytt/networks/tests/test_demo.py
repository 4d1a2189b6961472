from __future__ import annotations

import pytest

from inflytt.lib.orgnumber import normalise_org_number
from inflytt.networks.demo import load_networks
from inflytt.networks.models import Ambassador, CoworkingSpace, Employer, EmployerActivity, NeedTerm


@pytest.mark.django_db
def test_demo_networks_are_loaded_once_with_valid_organisation_numbers(parties):
    assert load_networks(ambassadors=20, spaces=10, employers=40) == 40
    assert load_networks(ambassadors=20, spaces=10, employers=40) == 0
    assert Ambassador.objects.count() == 20 and CoworkingSpace.objects.count() == 10
    assert all(normalise_org_number(number) for number in Employer.objects.values_list("org_number", flat=True))
    assert Employer.objects.filter(is_recruiter=True).exists()
    assert NeedTerm.objects.exists()
    assert EmployerActivity.objects.exists()  # the employer pages show a log
