"""Swedish dates and times as Swedes write them: 2026-11-29 08:07 (ISO 8601 order, 24-hour clock).

Used by pages, mails and PDFs through Django's named formats (`|date:"SHORT_DATETIME_FORMAT"`,
`formats.date_format`), selected by FORMAT_MODULE_PATH in settings.
"""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
# Numbers and input formats: Django's own for the language (this module only sets how dates read).
