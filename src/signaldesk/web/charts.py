"""Small server-side SVG charts (line and bar), drawn here; colours come from the stylesheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape

from markupsafe import Markup


def _days(series: dict[str, list[tuple[date, int]]]) -> list[date]:
    found = sorted({day for points in series.values() for day, _ in points})
    if not found:
        return []
    first, last = found[0], found[-1]
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def line_chart(
    series: dict[str, list[tuple[date, int]]], *, width: int = 640, height: int = 200, title: str = ""
) -> Markup:
    """One line per named series over days; missing days count as zero."""
    days = _days(series)
    label = escape(title or "chart")
    if not days:
        return Markup(f'<p class="empty">No data yet for {label}.</p>')
    left, bottom, top, right = 36, 22, 10, 10
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((n for points in series.values() for _, n in points), default=0) or 1
    step = plot_w / max(len(days) - 1, 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>',
        f'<text class="tick" x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>',
        f'<text class="tick" x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
        f'<text class="tick" x="{left}" y="{height - 4}">{days[0].isoformat()}</text>',
        f'<text class="tick" x="{left + plot_w}" y="{height - 4}" text-anchor="end">{days[-1].isoformat()}</text>',
    ]
    for index, (name, points) in enumerate(series.items()):
        counts = dict(points)
        coords = " ".join(
            f"{left + i * step:.1f},{top + plot_h - counts.get(day, 0) / peak * plot_h:.1f}"
            for i, day in enumerate(days)
        )
        parts.append(
            f'<polyline class="line s{index % 6}" points="{coords}"><title>{escape(name)}</title></polyline>'
        )
        parts.append(
            f'<text class="legend s{index % 6}" x="{left + 6}" y="{top + 14 + 13 * index}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(rows: Sequence[tuple[str, int]], *, width: int = 480, bar: int = 18, title: str = "") -> Markup:
    """Horizontal bars, one per (label, count), largest first as given."""
    label = escape(title or "chart")
    if not rows:
        return Markup(f'<p class="empty">No data yet for {label}.</p>')
    peak = max(n for _, n in rows) or 1
    text_w, gap = 160, 4
    height = len(rows) * (bar + gap)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (name, count) in enumerate(rows):
        y = i * (bar + gap)
        length = max((width - text_w - 50) * count / peak, 1)
        parts.append(
            f'<text class="tick" x="{text_w - 6}" y="{y + bar - 5}" text-anchor="end">{escape(name)}</text>'
        )
        parts.append(f'<rect class="bar" x="{text_w}" y="{y}" width="{length:.1f}" height="{bar}"/>')
        parts.append(f'<text class="tick" x="{text_w + length + 4:.1f}" y="{y + bar - 5}">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def index_chart(
    indexes: Mapping[str, Sequence[tuple[date, float]]],
    shifts: Sequence[tuple[date, str]] = (),
    *,
    width: int = 640,
    height: int = 220,
    title: str = "",
) -> Markup:
    """A signed index (+1 softening, -1 hardening) a day, one line per name, with a dashed
    mark on each day a shift was detected (its label as the mark's title)."""
    label = escape(title or "chart")
    points = {name: list(days) for name, days in indexes.items() if days}
    days = _days({name: [(day, 0) for day, _ in values] for name, values in points.items()})
    if not days:
        return Markup(f'<p class="empty">No data yet for {label}.</p>')
    left, bottom, top, right = 36, 22, 10, 10
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(days) - 1, 1)
    first = days[0]

    def x(day: date) -> float:
        return left + (day - first).days * step

    def y(value: float) -> float:
        return top + (1 - max(-1.0, min(1.0, value))) / 2 * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<line class="axis" x1="{left}" y1="{y(0):.1f}" x2="{left + plot_w}" y2="{y(0):.1f}"/>',
        f'<text class="tick" x="{left - 4}" y="{top + 8}" text-anchor="end">+1</text>',
        f'<text class="tick" x="{left - 4}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
        f'<text class="tick" x="{left - 4}" y="{top + plot_h}" text-anchor="end">-1</text>',
        f'<text class="tick" x="{left}" y="{height - 4}">{days[0].isoformat()}</text>',
        f'<text class="tick" x="{left + plot_w}" y="{height - 4}" text-anchor="end">{days[-1].isoformat()}</text>',
    ]
    for day, what in shifts:
        if first <= day <= days[-1]:
            parts.append(
                f'<line class="shift" x1="{x(day):.1f}" y1="{top}" x2="{x(day):.1f}" y2="{top + plot_h}">'
                f"<title>{escape(what)}</title></line>"
            )
    for index, (name, values) in enumerate(points.items()):
        colour = f"s{index % 6}"
        coords = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in values)
        parts.append(
            f'<polyline class="line {colour}" points="{coords}"><title>{escape(name)}</title></polyline>'
        )
        parts.extend(
            f'<circle class="dot {colour}" cx="{x(day):.1f}" cy="{y(value):.1f}" r="2.5">'
            f"<title>{escape(name)} {day.isoformat()}: {value:+.2f}</title></circle>"
            for day, value in values
        )
        parts.append(
            f'<text class="legend {colour}" x="{left + 6}" y="{top + 14 + 13 * index}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
