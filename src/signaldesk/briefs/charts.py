"""Small multiples of the signal index, drawn as plain SVG (no library, no external asset).

One panel per actor; in each, one pair of bars per frame: the previous window (light) and
this window (dark), from -1 (hardening) to +1 (softening) around a zero line.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from .model import IndexRow

PANEL_W, PANEL_H, GAP = 220, 150, 14
PER_ROW = 3
MOST_PANELS = 9
MOST_FRAMES = 6


def _bars(rows: list[IndexRow], x0: float, y0: float) -> list[str]:
    top, height = y0 + 26, PANEL_H - 56
    zero = top + height / 2
    step = (PANEL_W - 20) / max(1, len(rows))
    width = max(4.0, step / 2 - 3)
    out = [
        f'<line x1="{x0 + 8:.1f}" y1="{zero:.1f}" x2="{x0 + PANEL_W - 8:.1f}" y2="{zero:.1f}" '
        'stroke="#888" stroke-width="1"/>'
    ]
    for i, row in enumerate(rows):
        left = x0 + 10 + i * step
        for j, value in enumerate((row.previous, row.value)):
            if value is None:
                continue
            size = abs(value) * height / 2
            y = zero - size if value >= 0 else zero
            fill = "#b9c6d6" if j == 0 else ("#2f6f9f" if value >= 0 else "#b4432f")
            out.append(
                f'<rect x="{left + j * (width + 2):.1f}" y="{y:.1f}" width="{width:.1f}" '
                f'height="{max(size, 0.8):.1f}" fill="{fill}"><title>{escape(row.frame)}: '
                f"{'before' if j == 0 else 'now'} {value:+.2f}</title></rect>"
            )
        label = escape(row.frame[:10])
        out.append(
            f'<text x="{left + width:.1f}" y="{y0 + PANEL_H - 14:.1f}" font-size="9" '
            f'text-anchor="middle" fill="#333">{label}</text>'
        )
    return out


def index_chart(rows: tuple[IndexRow, ...]) -> str:
    """An inline SVG of the index per actor and frame, or '' when there is nothing to draw."""
    by_actor: dict[str, list[IndexRow]] = defaultdict(list)
    for row in rows:
        by_actor[row.actor].append(row)
    ranked = sorted(by_actor.items(), key=lambda item: (-sum(r.signals for r in item[1]), item[0]))
    panels = ranked[:MOST_PANELS]
    if not panels:
        return ""
    lines = (len(panels) + PER_ROW - 1) // PER_ROW
    width = PER_ROW * (PANEL_W + GAP)
    height = lines * (PANEL_H + GAP) + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="Signal index per actor and frame" font-family="sans-serif">'
    ]
    for n, (actor, actor_rows) in enumerate(panels):
        x0 = (n % PER_ROW) * (PANEL_W + GAP)
        y0 = (n // PER_ROW) * (PANEL_H + GAP)
        out.append(
            f'<rect x="{x0}" y="{y0}" width="{PANEL_W}" height="{PANEL_H}" fill="#fafafa" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{x0 + 8}" y="{y0 + 16}" font-size="11" font-weight="bold">{escape(actor[:34])}</text>'
        )
        chosen = sorted(actor_rows, key=lambda r: -(r.signals + r.previous_signals))[:MOST_FRAMES]
        out.extend(_bars(sorted(chosen, key=lambda r: r.frame), x0, y0))
    out.append(
        f'<text x="4" y="{height - 4}" font-size="10" fill="#555">light: window before; dark: this '
        "window; up: softening, down: hardening (range -1 to +1)</text>"
    )
    out.append("</svg>")
    return "".join(out)
