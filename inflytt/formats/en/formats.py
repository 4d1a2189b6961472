"""English dates and times for a European reader: 29 Nov 2026, 08:07 (never the US 11/29/2026 8:07 a.m.).

Used by pages, mails and PDFs through Django's named formats, selected by FORMAT_MODULE_PATH.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
# Numbers and input formats: Django's own for the language (this module only sets how dates read).
