"""Dates and times in each language's own format (issue 14): Swedish 2026-11-29 08:07, English
29 Nov 2026, 08:07, never the US 11/29/2026 8:07 a.m., in pages, mails and PDFs alike (they all
use Django's named formats, which FORMAT_MODULE_PATH points at inflytt/formats/)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

MOMENT = datetime(2026, 11, 29, 8, 7, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.mark.parametrize(
    ("language", "datetime_text", "date_text"),
    [("sv", "2026-11-29 08:07", "2026-11-29"), ("en", "29 Nov 2026, 08:07", "29 Nov 2026")],
)
def test_each_language_writes_dates_its_own_way(language, datetime_text, date_text):
    template = Template('{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment }}')
    with translation.override(language):
        rendered = template.render(Context({"moment": MOMENT, "day": date(2026, 11, 29)}))
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == datetime_text
    assert rendered == f"{datetime_text}|{date_text}|{datetime_text}"
    assert "a.m." not in rendered and "11/29" not in rendered
