"""The reports' charts: matplotlib on the server, SVG (for pages) or PNG (for the PDF).

Each chart draws a table that stands beside it, and that table is the accessible source; the chart
gets a short text alternative. Readable in greyscale: one dark grey for the bars, a hatched
outline for a goal, every value written at its bar. A suppressed cell is not drawn (its bar is
absent and labelled with the same words as in the table).
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import matplotlib
from django.core.cache import cache
from django.utils import translation
from matplotlib.figure import Figure as Canvas

from inflytt.reports.presentation import HIDDEN_TEXT, SMALL_CELL, SMALL_TEXT, Cell

BAR = "#3a3a3a"
GOAL = "#8c8c8c"
FONT = {"family": "DejaVu Sans", "size": 9}
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Chart:
    """A chart to draw on demand: SVG for the page, PNG for the PDF, nothing for the XLSX."""

    draw: Callable[..., bytes]
    title: str
    rows: list[Any]
    alt: str

    def render(self, fmt: str = "svg") -> bytes:
        """The chart, from the cache when the same chart was drawn before.

        Drawing costs tens of milliseconds per chart (more on a busy machine) and a report has eight;
        the key is the chart's whole content (kind, title, rows, language, format), so a cached chart
        is always the one these figures make.
        """
        content = repr((self.draw.__name__, self.title, self.rows, translation.get_language(), fmt))
        key = "reports:chart:" + hashlib.sha256(content.encode()).hexdigest()
        drawn = cache.get(key)
        if drawn is None:
            drawn = self.draw(title=self.title, rows=self.rows, fmt=fmt)
            cache.set(key, drawn, CACHE_SECONDS)
        return drawn

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.render("svg")).decode()


def _render(canvas: Canvas, fmt: str) -> bytes:
    output = io.BytesIO()
    # No timestamps or random ids in the file: the same figures make the same chart.
    metadata = {"Date": None} if fmt == "svg" else {}
    # Fixed margins rather than bbox_inches="tight", which draws the whole chart twice. Text stays
    # text in the SVG (a third faster and half the size of glyph outlines); a fixed salt keeps ids stable.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "inflytt"}):
        canvas.savefig(output, format=fmt, metadata=metadata, dpi=150)
    return output.getvalue()


def bars(*, title: str, rows: list[tuple[str, Cell]], fmt: str = "svg") -> bytes:
    """Horizontal bars, one per row, the value at the end of each; hidden cells labelled."""
    height = 0.9 + 0.32 * max(len(rows), 1)
    canvas = Canvas(figsize=(6.4, height))
    axes = canvas.add_subplot()
    labels = [label for label, _cell in rows][::-1]
    values = [cell.value or 0 for _label, cell in rows][::-1]
    positions = range(len(rows))
    axes.barh(list(positions), values, color=BAR)
    peak = max(values, default=0) or 1
    for position, (_label, cell) in zip(positions, rows[::-1], strict=True):
        text = str(cell.value) if cell.shown else str(SMALL_TEXT if cell.state == SMALL_CELL else HIDDEN_TEXT)
        axes.text((cell.value or 0) + peak * 0.01, position, text, va="center", fontdict=FONT)
    axes.set_yticks(list(positions), labels, fontdict=FONT)
    axes.set_xlim(0, peak * 1.25)
    axes.set_title(title, fontdict={**FONT, "size": 10}, loc="left")
    _layout(canvas, labels)
    return _render(canvas, fmt)


def _layout(canvas: Canvas, labels: list[str]) -> None:
    """Room on the left for the longest label (about 0.075 inch per character at 9 pt), above for the title."""
    axes = canvas.axes[0]
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    width, height = canvas.get_size_inches()
    left = min(0.6, (0.15 + 0.075 * max((len(label) for label in labels), default=4)) / width)
    canvas.subplots_adjust(left=left, right=0.97, top=1 - 0.35 / height, bottom=0.3 / height + 0.05)


def goal(*, title: str, rows: list[tuple[str, int, int | None]], fmt: str = "svg") -> bytes:
    """Each goal as a hatched outline with the count so far as a dark bar inside it."""
    canvas = Canvas(figsize=(6.4, 0.9 + 0.45 * max(len(rows), 1)))
    axes = canvas.add_subplot()
    positions = list(range(len(rows)))[::-1]
    for position, (_label, target, reached) in zip(positions, rows, strict=True):
        axes.barh(position, target, color="white", edgecolor=GOAL, hatch="//", height=0.6)
        if reached is not None:
            axes.barh(position, reached, color=BAR, height=0.35)
        text = f"{reached if reached is not None else '–'} / {target}"
        axes.text(max(target, reached or 0) * 1.01, position, text, va="center", fontdict=FONT)
    axes.set_yticks(positions, [label for label, _target, _reached in rows], fontdict=FONT)
    peak = max([max(target, reached or 0) for _label, target, reached in rows], default=1) or 1
    axes.set_xlim(0, peak * 1.3)
    axes.set_title(title, fontdict={**FONT, "size": 10}, loc="left")
    _layout(canvas, [label for label, _target, _reached in rows])
    return _render(canvas, fmt)
