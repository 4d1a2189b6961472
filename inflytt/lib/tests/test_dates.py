"""compiled_format writes what Django's dateformat.format writes, for every format Inflytt names."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, translation
from django.utils.formats import get_format

from inflytt.lib.dates import compiled_format

NAMED = [
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
]
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Every month, one- and two-digit days and hours, midnight and the minute before it.
MOMENTS = [
    datetime(2026, month, day, hour, minute, second, tzinfo=STOCKHOLM)
    for month in range(1, 13)
    for day, hour, minute, second in ((1, 0, 0, 0), (9, 9, 5, 7), (28, 23, 59, 59))
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_named_format_is_written_as_django_writes_it(language):
    with translation.override(language):
        for name in NAMED:
            format_string = get_format(name)
            written = compiled_format(format_string)
            for moment in MOMENTS:
                value: date = moment if "TIME" in name else moment.date()
                assert written(value) == dateformat.format(value, format_string), (name, value)


def test_other_characters_escapes_and_percent_signs_fall_back_or_pass_through():
    with translation.override("en"):
        moment = datetime(2026, 11, 29, 8, 7, tzinfo=STOCKHOLM)
        for format_string in (r"\Y\e\a\r: Y, 100% (l)", "D j N Y, P", "jS F", "Y-m-d H:i:s"):
            assert compiled_format(format_string)(moment) == dateformat.format(moment, format_string)
    assert compiled_format("j M Y")(moment) == "29 Nov 2026"
    with translation.override("sv"):
        assert compiled_format("j M Y")(moment) == "29 Nov 2026"
        assert compiled_format("j F")(moment) == "29 november"
