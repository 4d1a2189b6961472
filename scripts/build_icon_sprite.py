"""Build inflytt/static/inflytt/icons/sprite.svg from the Lucide icon files next to it.

The icons are copied as files from the npm package lucide-static (ISC licence, LICENSE-lucide.txt):
only the ones the pages use. To add one: copy `package/icons/NAME.svg` from `npm pack lucide-static`
into inflytt/static/inflytt/icons/ and run `python scripts/build_icon_sprite.py`. Pages refer to a
symbol with `{% icon "NAME" %}` (inflytt/core/templatetags/ui.py), so the icons inherit the text colour.
"""

from __future__ import annotations

import re
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "inflytt" / "static" / "inflytt" / "icons"
INNER = re.compile(r"<svg[^>]*>(?P<body>.*)</svg>", re.S)


def build() -> str:
    symbols = []
    for path in sorted(ICONS.glob("*.svg")):
        if path.name == "sprite.svg":
            continue
        body = INNER.search(path.read_text(encoding="utf-8"))
        if body is None:
            raise SystemExit(f"{path}: no <svg> element")
        inner = " ".join(line.strip() for line in body["body"].strip().splitlines())
        symbols.append(f'<symbol id="{path.stem}" viewBox="0 0 24 24">{inner}</symbol>')
    return (
        "<!-- Lucide icons (lucide-static, ISC licence: LICENSE-lucide.txt). "
        "Built by scripts/build_icon_sprite.py -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round">\n' + "\n".join(symbols) + "\n</svg>\n"
    )


if __name__ == "__main__":
    (ICONS / "sprite.svg").write_text(build(), encoding="utf-8")
