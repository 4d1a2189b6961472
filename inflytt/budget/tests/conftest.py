from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    """Assert on the English source strings; the Swedish catalogue is tested with the translations."""
    settings.LANGUAGE_CODE = "en"
