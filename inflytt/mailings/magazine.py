"""The print house's list of pending magazine orders, as CSV or XLSX (written by lib/export.py,
which guards against formulas and quotes what needs quoting)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Max, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from inflytt.contacts.models import MagazineOrder
from inflytt.lib.export import export_response


def pending_orders(*, up_to_id: int | None = None) -> QuerySet[MagazineOrder]:
    """The orders still to send, oldest first; `up_to_id`: only those of an export made earlier."""
    orders = MagazineOrder.objects.to_send().select_related("contact").order_by("id")
    return orders if up_to_id is None else orders.filter(pk__lte=up_to_id)


def last_pending_id() -> int | None:
    """The newest pending order: the page's export and "mark as sent" stop at it."""
    return MagazineOrder.objects.to_send().aggregate(last=Max("id"))["last"]


def _header() -> list[str]:
    return [_("Order"), _("Name"), _("Street address"), _("Postal code"), _("City"), _("Country"), _("Ordered")]


def _rows(orders: Iterable[MagazineOrder]) -> Iterator[list[object]]:
    for order in orders:
        yield [
            order.pk,
            order.contact.full_name,
            order.street,
            order.postal_code,
            order.city,
            order.country,
            order.ordered_at.date().isoformat(),
        ]


def export(orders: QuerySet[MagazineOrder], *, fmt: str) -> StreamingHttpResponse | FileResponse:
    """The orders as `fmt` (csv or xlsx); ValueError for another format."""
    return export_response(
        fmt=fmt,
        stem=f"magazine-{timezone.localdate().isoformat()}",
        header=_header(),
        rows=_rows(orders.iterator(chunk_size=2000)),
        title=_("Magazine orders"),
    )
