"""The brief as one self-contained HTML page: inline CSS and SVG, no external asset.

The only addresses in it are the cited documents' own URLs and the desk's dashboard.
The same page, with its print rules, is what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

from html import escape as e

from .charts import index_chart
from .model import Brief
from .narrative import MARKER, numbers
from .text import (
    NO_COVERAGE,
    SECTIONS,
    change_lines,
    drafted_line,
    index_line,
    previous_line,
    reasons,
    source_line,
    window_line,
)

STYLE = """
body { font: 10.5pt/1.45 Georgia, "DejaVu Serif", serif; color: #1c1c1c; max-width: 52em; margin: 0 auto; padding: 1em; }
h1, h2, h3, .meta, table, .classification, nav { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
.classification { text-align: center; color: #7a1f1f; font-weight: bold; letter-spacing: .05em; font-size: 9pt; }
.title-page { page-break-after: always; min-height: 60vh; padding-top: 12vh; }
.title-page h1 { font-size: 26pt; margin-bottom: .2em; }
.meta { font-size: 10pt; color: #333; } .meta dt { font-weight: bold; float: left; width: 9em; } .meta dd { margin-left: 9.5em; }
h2 { border-bottom: 2px solid #2f4f6f; padding-bottom: .1em; margin-top: 1.6em; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1.1em 0 .3em; page-break-after: avoid; }
blockquote { margin: .3em 0 .3em 1em; padding-left: .7em; border-left: 3px solid #c9d3de; color: #333; }
.cite { font-size: 8.5pt; vertical-align: super; text-decoration: none; color: #2f4f6f; }
.small { font-size: 9pt; color: #555; } .problems { border: 2px solid #b4432f; padding: .5em; }
table { border-collapse: collapse; font-size: 9pt; width: 100%; } th, td { border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; }
td.n { text-align: right; } ol.sources li { font-size: 9pt; margin-bottom: .3em; word-break: break-all; }
.narrative { background: #f3f5f8; border-left: 3px solid #2f4f6f; padding: .2em .8em; margin: .6em 0 1em; }
.lean-engagement { color: #2f6f9f; } .lean-pressure { color: #b4432f; }
"""


def _page(classification: str) -> str:
    """Print rules: the classification line on top of every page, page numbers below."""
    line = classification.replace("\\", " ").replace('"', "'").replace("<", " ").replace("\n", " ")
    return (
        "@page { size: A4; margin: 22mm 18mm 20mm 18mm; "
        f'@top-center {{ content: "{line}"; font: 8pt sans-serif; color: #7a1f1f; }} '
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; } }'
    )


def cite(number: int) -> str:
    return f'<a class="cite" href="#source-{number}">[{number}]</a>'


def cites(numbers: tuple[int, ...]) -> str:
    return " ".join(cite(n) for n in numbers)


def render_html(brief: Brief) -> str:
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(brief.title)}: {e(window_line(brief))}</title>"
        f"<style>{_page(brief.classification)}{STYLE}</style></head><body>"
    )
    out = [head, _title_page(brief)]
    if brief.empty:
        out.append(f"<p>{e(NO_COVERAGE)}</p>")
    else:
        if brief.changes is not None:
            lines = "".join(f"<li>{e(line)}</li>" for line in change_lines(brief.changes))
            out.append(
                f'<section id="changes"><h2>Changes since the previous brief</h2><ul>{lines}</ul></section>'
            )
        out.append("<nav><h2>Contents</h2><ol>")
        out += [f'<li><a href="#{key}">{e(title)}</a></li>' for key, title in SECTIONS]
        out.append("</ol></nav>")
        for n, (key, title) in enumerate(SECTIONS, 1):
            out.append(
                f'<section id="{key}"><h2>{n}. {e(title)}</h2>{_narrative(brief, key)}{SECTION[key](brief)}</section>'
            )
        if brief.narrative_problems:
            notes = "".join(f"<li>{e(line)}</li>" for line in brief.narrative_problems)
            out.append(
                f'<section id="narrative-notes"><h3>Narrative notes</h3><ul class="small">{notes}</ul></section>'
            )
    out.append(f'<p class="classification">{e(brief.classification)}</p></body></html>')
    return "".join(out)


def _title_page(brief: Brief) -> str:
    problems = (
        '<div class="problems"><strong>Citation problems:</strong><ul>'
        + "".join(f"<li>{e(p)}</li>" for p in brief.problems)
        + "</ul></div>"
        if brief.problems
        else ""
    )
    rows = [
        ("Desk", e(brief.desk)),
        ("Window", e(window_line(brief))),
        ("Compared with", e(previous_line(brief))),
        ("Coverage", f"{brief.documents} documents from {brief.outlets} outlets"),
        ("Produced", e(brief.created_at)),
        ("Dashboard", f'<a href="{e(brief.dashboard_url)}">{e(brief.dashboard_url)}</a>'),
    ]
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<div class="title-page"><p class="classification">{e(brief.classification)}</p>'
        f'<h1>{e(brief.title)}</h1><dl class="meta">{meta}</dl>{problems}</div>'
    )


def _narrative(brief: Brief, section: str) -> str:
    drafted = brief.narrative(section)
    if drafted is None:
        return ""
    text = MARKER.sub(lambda m: cites(numbers(m.group(0))), e(drafted.text))
    return (
        f'<div class="narrative"><p class="small"><em>{e(drafted_line(drafted))}</em></p><p>{text}</p></div>'
    )


def _developments(brief: Brief) -> str:
    out = []
    for n, item in enumerate(brief.developments, 1):
        new = ' <span class="small">(new)</span>' if item.new else ""
        text = " ".join(e(s) for s in item.summary)
        out.append(
            f"<h3>{n}. {e(item.title)}{new}</h3><p>{text} {cites(item.citations[:1])}</p>"
            f'<p class="small">Outlets: {e(", ".join(item.outlets))}. Salience {item.salience:g} '
            f"({e(reasons(item))}). Sources: {cites(item.citations)}</p>"
        )
    return "".join(out) or "<p>No stories in this window.</p>"


def _institutions(brief: Brief) -> str:
    out = []
    for group in brief.institutions:
        items = []
        for voice in group.voices:
            frame = f" ({e(voice.frame)}, {e(voice.direction)})" if voice.frame else ""
            items.append(
                f"<li><strong>{e(voice.speaker)}</strong>{frame}: \u201c{e(voice.text)}\u201d {cite(voice.citation)}</li>"
            )
        index = "; ".join(e(index_line(r)) for r in group.index)
        shift = f'<p class="small">Index since the previous window: {index}</p>' if index else ""
        out.append(f"<h3>{e(group.name)}</h3><ul>{''.join(items)}</ul>{shift}")
    return "".join(out) or "<p>No desk actor was quoted in this window.</p>"


def _opinions(brief: Brief) -> str:
    out = []
    for piece in brief.opinions:
        lines = "".join(f"<blockquote>{e(line)}</blockquote>" for line in piece.arguments)
        out.append(
            f'<h3>{e(", ".join(piece.authors))} <span class="small">{e(piece.outlet)}</span></h3>'
            f"<p>\u201c{e(piece.title)}\u201d {cite(piece.citation)}: argues for "
            f'<strong class="lean-{e(piece.leaning)}">{e(piece.leaning)}</strong>; {e(piece.history)} '
            f"{cites(piece.history_citations)}</p>{lines}"
        )
    if len(brief.opinions) < brief.opinion_pieces:
        shown = (
            f"{len(brief.opinions)} of {brief.opinion_pieces} pieces shown: those that argue most clearly."
        )
        out.append(f'<p class="small">{shown}</p>')
    return "".join(out) or "<p>No opinion pieces in this window.</p>"


def _readers(brief: Brief) -> str:
    out = [f"<p>{brief.comments} reader comments on this window's documents.</p>"]
    for thread in brief.threads:
        tone = "n/a" if thread.tone is None else f"{thread.tone:+.2f}"
        frames = ", ".join(f"{f} ({n})" for f, n in thread.frames) or "none"
        samples = "".join(
            f'<blockquote>\u201c{e(s)}\u201d <span class="small">a reader in the thread of</span> '
            f"{cite(thread.citation)}</blockquote>"
            for s in thread.samples
        )
        out.append(
            f"<h3>\u201c{e(thread.title)}\u201d {cite(thread.citation)}</h3>"
            f"<p>{thread.comments} comments, tone {tone}, frames {e(frames)}</p>{samples}"
        )
    return "".join(out)


def _signals(brief: Brief) -> str:
    if not brief.index:
        return "<p>No policy signals in this window or the one before.</p>"
    rows = []
    for row in sorted(brief.index, key=lambda r: (-abs(r.change), r.actor, r.frame)):
        before = "" if row.previous is None else f"{row.previous:+.2f}"
        rows.append(
            f"<tr><td>{e(row.actor)}</td><td>{e(row.frame)}</td><td class=n>{row.value:+.2f}</td>"
            f"<td class=n>{row.signals}</td><td class=n>{before}</td><td class=n>{row.change:+.2f}</td></tr>"
        )
    table = (
        "<table><thead><tr><th>Actor</th><th>Frame</th><th>Index</th><th>Signals</th><th>Before</th>"
        f"<th>Change</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return f"<figure>{index_chart(brief.index)}</figure>{table}"


def _watch(brief: Brief) -> str:
    out = []
    for item in brief.fired:
        evidence = "".join(f"<li>{e(line)}</li>" for line in item.evidence)
        out.append(
            f'<h3>{e(item.item_id)}</h3><p class="small">When: <code>{e(item.when)}</code></p>'
            f"<p><strong>Consideration:</strong> {e(item.consideration)}</p>"
            f"<ul>{evidence}<li>Evidence: {cites(item.citations)}</li></ul>"
        )
    if not brief.fired:
        out.append("<p>No playbook item fired in this window.</p>")
    if brief.unchecked:
        out.append("<p>Playbook items that could not be checked:</p><ul>")
        out += [f"<li>{e(line)}</li>" for line in brief.unchecked]
        out.append("</ul>")
    return "".join(out)


def _sources(brief: Brief) -> str:
    items = []
    for c in brief.citations:
        line = e(source_line(c)).replace(e(c.url), f'<a href="{e(c.url)}">{e(c.url)}</a>', 1)
        items.append(f'<li id="source-{c.number}" value="{c.number}">{line}</li>')
    return f'<ol class="sources">{"".join(items)}</ol>'


SECTION = {
    "developments": _developments,
    "institutions": _institutions,
    "opinions": _opinions,
    "readers": _readers,
    "signals": _signals,
    "watch": _watch,
    "sources": _sources,
}
