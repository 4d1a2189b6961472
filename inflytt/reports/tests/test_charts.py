"""The charts: SVG with their words in it, in greys only, drawn once for the same content."""

from __future__ import annotations

import re

from django.utils import translation

from inflytt.reports import charts
from inflytt.reports.presentation import HIDDEN, SMALL_CELL, Cell

ROWS = [("Bräcke kommun", Cell(None, SMALL_CELL)), ("Åre kommun", Cell(None, HIDDEN)), ("Östersunds kommun", Cell(12))]


def test_bars_are_svg_in_greys_with_suppressed_cells_in_words():
    with translation.override("sv"):
        svg = charts.bars(title="Registrerade hushåll", rows=ROWS).decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for words in ("Registrerade hushåll", "Bräcke kommun", "färre än 3", "dold", "12"):
        assert words in svg
    # Readable in greyscale: every colour in the chart is a grey (red = green = blue).
    colours = set(re.findall(r"#([0-9a-fA-F]{6})", svg))
    assert colours and all(c[0:2] == c[2:4] == c[4:6] for c in (c.lower() for c in colours)), colours


def test_the_same_chart_is_drawn_once_and_each_language_its_own():
    calls = []

    def draw(*, title, rows, fmt):
        calls.append((title, translation.get_language()))
        return b"<svg/>"

    chart = charts.Chart(draw, "Mål 2026", [("Hushåll", 400, 12)], "alt")
    with translation.override("sv"):
        chart.render()
        chart.render()
    with translation.override("en"):
        chart.render()
    assert calls == [("Mål 2026", "sv"), ("Mål 2026", "en")]
