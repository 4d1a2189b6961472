"""The print house's list of pending magazine orders, as CSV or XLSX.

A cell that starts with = + - @ (or a tab or carriage return) would be run as a formula by a
spreadsheet (CSV injection, OWASP): such a value gets a leading apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from inflytt.contacts.models import MagazineOrder

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def pending_orders() -> QuerySet[MagazineOrder]:
    return MagazineOrder.objects.to_send().select_related("contact").order_by("id")


def _header() -> list[str]:
    return [_("Order"), _("Name"), _("Street address"), _("Postal code"), _("City"), _("Country"), _("Ordered")]


def _rows(orders: Iterable[MagazineOrder]) -> Iterator[list[str]]:
    for order in orders:
        yield [
            neutralise(value)
            for value in (
                order.pk,
                order.contact.full_name,
                order.street,
                order.postal_code,
                order.city,
                order.country,
                order.ordered_at.date().isoformat(),
            )
        ]


def as_csv(orders: QuerySet[MagazineOrder]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # what Excel opens in a Swedish locale
    writer.writerow(_header())
    writer.writerows(_rows(orders.iterator(chunk_size=2000)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8 then


def as_xlsx(orders: QuerySet[MagazineOrder]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Magazine orders"))
    sheet.append(_header())
    for row in _rows(orders.iterator(chunk_size=2000)):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
