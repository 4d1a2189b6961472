"""The 2025 budget of Ta steget (the 2025 agreement, Bilaga 1 and 2, and Bräcke's decision; docs/requirements.md R10).

Descriptions are the agreement's own words: they are data, shown as written.
"""

from __future__ import annotations

from typing import TypedDict


class AreaRow(TypedDict):
    slug: str
    name: str


class LineRow(TypedDict):
    area: str
    description: str
    kind: str
    hours: int | None
    amount: int | None
    payer_rule: str


AREAS: list[AreaRow] = [
    {"slug": "crm", "name": "CRM-system för inflyttarkontakter"},
    {"slug": "web", "name": "Webbplattform – www.tasteget.nu"},
    {"slug": "strategic", "name": "Strategiskt kompetensattraktionsarbete"},
    {"slug": "communication", "name": "Kommunikation"},
    {"slug": "ambassadors", "name": "Regionalt ambassadörsnätverk"},
]

YEAR = 2025
HOURLY_RATE = 405  # "Timmar/år (å 405kr)"
# Bräcke's decision on the 2025 agreement: "ca 130 000 kr personalkostnader ca 180 000 kr kostnader
# kopplat till aktiviteter" carried over from Ta steget 2024.
CARRY_OVER_PERSONNEL = 130_000
CARRY_OVER_ACTIVITIES = 180_000


def _personnel(area: str, hours: int, payer_rule: str) -> LineRow:
    return {
        "area": area,
        "description": "Personell resurs",
        "kind": "personnel",
        "hours": hours,
        "amount": None,
        "payer_rule": payer_rule,
    }


def _purchase(area: str, description: str, amount: int, payer_rule: str) -> LineRow:
    return {
        "area": area,
        "description": description,
        "kind": "purchase",
        "hours": None,
        "amount": amount,
        "payer_rule": payer_rule,
    }


# Bilaga 2: "Regionen tar personalkostnaderna och inköpsbudget kopplat till strategisk
# kompetensattraktion. Kommunerna delar på personalkostnaderna och inköpsbudget för de tekniska
# systemen (CRM+webbplattform) och kommunikation." The licences are split equally (16 275 kr
# each), the rest of the municipalities' part by each one's share; the region also pays the
# ambassador network (225 630 kr = 168 480 + 5 000 + 12 150 + 40 000).
LINES: list[LineRow] = [
    _personnel("crm", 312, "by_key"),
    _purchase("crm", "Kommunala licenskostnader", 130_200, "equally"),
    _purchase("crm", "Länsgemensamma kostnader system/insatser", 90_000, "by_key"),
    _purchase("crm", "Underhåll/utvecklingskostnader och användarutbildningar", 30_000, "by_key"),
    _personnel("web", 208, "by_key"),
    _purchase("web", "Drift fasta kostnader + tjänst för underhåll", 125_000, "by_key"),
    _personnel("strategic", 416, "region"),
    _purchase("strategic", "Aktivitetsbudget; årlig träff, förtäring och resa", 5_000, "region"),
    _personnel("communication", 208, "by_key"),
    _purchase("communication", "Annonsering, kompetensattraktion, platsvarumärke, kännedom", 100_000, "by_key"),
    _personnel("ambassadors", 30, "region"),
    _purchase("ambassadors", "Aktivitetsbudget", 40_000, "region"),
]

# The cost key of 2025. Bilaga 2 prints each municipality's share of the 639 840 kr pool only as
# a rounded percentage (5 %, 5 %, 8 %...) and as rounded kronor; the kronor are the precise
# record, so they are the weights. Shared by largest remainder these reproduce every printed
# amount, and the krona the printed amounts lack (they add up to 639 839) goes to Östersund,
# whose remainder is the largest (see tests/test_reference_2025.py).
COST_KEY: dict[str, int] = {
    "region": 0,
    "berg": 34_460,
    "bracke": 29_436,
    "harjedalen": 48_963,
    "krokom": 75_267,
    "ragunda": 24_783,
    "stromsund": 53_635,
    "are": 60_156,
    "ostersund": 313_139,
}
