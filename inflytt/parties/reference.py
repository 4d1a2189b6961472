"""Reference data of the first deployment: Region Jämtland Härjedalen and its 8 municipalities.

The population figures are rounded head counts whose shares give the population split of the
2025 agreement's Bilaga 2 (Bilaga 2, the cost allocation table); they are the default cost-key weights.
"""

from __future__ import annotations

from typing import TypedDict


class PartyRow(TypedDict):
    slug: str
    name: str
    kind: str
    population: int


PARTIES: list[PartyRow] = [
    {"slug": "region", "name": "Region Jämtland Härjedalen", "kind": "region", "population": 0},
    {"slug": "berg", "name": "Bergs kommun", "kind": "municipality", "population": 7109},
    {"slug": "bracke", "name": "Bräcke kommun", "kind": "municipality", "population": 6073},
    {"slug": "harjedalen", "name": "Härjedalens kommun", "kind": "municipality", "population": 10101},
    {"slug": "krokom", "name": "Krokoms kommun", "kind": "municipality", "population": 15528},
    {"slug": "ragunda", "name": "Ragunda kommun", "kind": "municipality", "population": 5113},
    {"slug": "stromsund", "name": "Strömsunds kommun", "kind": "municipality", "population": 11065},
    {"slug": "are", "name": "Åre kommun", "kind": "municipality", "population": 12410},
    {"slug": "ostersund", "name": "Östersunds kommun", "kind": "municipality", "population": 64601},
]
