"""The brief as Markdown."""

from __future__ import annotations

from .model import Brief
from .text import (
    NO_COVERAGE,
    SECTIONS,
    change_lines,
    drafted_line,
    index_line,
    marks,
    previous_line,
    reasons,
    source_line,
    window_line,
)


def render_markdown(brief: Brief) -> str:
    out = [
        f"**{brief.classification}**",
        "",
        f"# {brief.title}",
        "",
        f"**Desk:** {brief.desk}  ",
        f"**Window:** {window_line(brief)}  ",
        f"**Compared with:** {previous_line(brief)}  ",
        f"**Coverage:** {brief.documents} documents from {brief.outlets} outlets  ",
        f"**Produced:** {brief.created_at}",
        "",
    ]
    if brief.problems:
        out += ["> **Citation problems:** " + "; ".join(brief.problems), ""]
    if brief.empty:
        out += [NO_COVERAGE, "", f"**{brief.classification}**", ""]
        return "\n".join(out)
    if brief.changes is not None:
        out += (
            ["## Changes since the previous brief", ""]
            + [f"- {line}" for line in change_lines(brief.changes)]
            + [""]
        )
    out += ["## Contents", ""]
    out += [f"{n}. [{title}](#{key})" for n, (key, title) in enumerate(SECTIONS, 1)]
    out.append("")
    for n, (key, title) in enumerate(SECTIONS, 1):
        out += [f'<a id="{key}"></a>', f"## {n}. {title}", ""]
        out += _narrative(brief, key)
        out += SECTION[key](brief)
        out.append("")
    if brief.narrative_problems:
        out += ["### Narrative notes", ""] + [f"- {line}" for line in brief.narrative_problems] + [""]
    out += [f"**{brief.classification}**", ""]
    return "\n".join(out)


def _narrative(brief: Brief, section: str) -> list[str]:
    drafted = brief.narrative(section)
    if drafted is None:
        return []
    return [f"> *{drafted_line(drafted)}*", ">", f"> {drafted.text}", ""]


def _developments(brief: Brief) -> list[str]:
    out = []
    for n, item in enumerate(brief.developments, 1):
        new = " (new)" if item.new else ""
        out += [f"### {n}. {item.title}{new}", ""]
        out += [" ".join(item.summary) + f" {marks(item.citations[:1])}" if item.summary else "", ""]
        out += [f"*Outlets:* {', '.join(item.outlets)}. *Salience* {item.salience:g} ({reasons(item)}).  "]
        out += [f"*Sources:* {marks(item.citations)}", ""]
    return out or ["No stories in this window."]


def _institutions(brief: Brief) -> list[str]:
    out = []
    for group in brief.institutions:
        out += [f"### {group.name}", ""]
        for voice in group.voices:
            frame = f" ({voice.frame}, {voice.direction})" if voice.frame else ""
            out.append(f"- **{voice.speaker}**{frame}: \u201c{voice.text}\u201d [{voice.citation}]")
        if group.index:
            out += ["", "*Index since the previous window:* " + "; ".join(index_line(r) for r in group.index)]
        out.append("")
    return out or ["No desk actor was quoted in this window."]


def _opinions(brief: Brief) -> list[str]:
    out = []
    for piece in brief.opinions:
        out.append(
            f"- **{', '.join(piece.authors)}** ({piece.outlet}), \u201c{piece.title}\u201d "
            f"[{piece.citation}]: argues for **{piece.leaning}**; {piece.history}"
            + (f" {marks(piece.history_citations)}" if piece.history_citations else "")
            + "."
        )
        out += [f"  > {line}" for line in piece.arguments]
    if len(brief.opinions) < brief.opinion_pieces:
        out.append(
            f"\n{len(brief.opinions)} of {brief.opinion_pieces} pieces shown: those that argue most clearly."
        )
    return out or ["No opinion pieces in this window."]


def _readers(brief: Brief) -> list[str]:
    out = [f"{brief.comments} reader comments on this window's documents.", ""]
    for thread in brief.threads:
        tone = "n/a" if thread.tone is None else f"{thread.tone:+.2f}"
        frames = ", ".join(f"{f} ({n})" for f, n in thread.frames) or "none"
        out.append(
            f"- \u201c{thread.title}\u201d [{thread.citation}]: {thread.comments} comments, tone {tone}, frames {frames}"
        )
        out += [
            f"  > \u201c{s}\u201d (a reader in the thread of [{thread.citation}])" for s in thread.samples
        ]
    return out


def _signals(brief: Brief) -> list[str]:
    if not brief.index:
        return ["No policy signals in this window or the one before."]
    out = ["| Actor | Frame | Index | Signals | Before | Change |", "|---|---|---:|---:|---:|---:|"]
    for row in sorted(brief.index, key=lambda r: (-abs(r.change), r.actor, r.frame)):
        before = "" if row.previous is None else f"{row.previous:+.2f}"
        out.append(
            f"| {row.actor} | {row.frame} | {row.value:+.2f} | {row.signals} | {before} | {row.change:+.2f} |"
        )
    return out


def _watch(brief: Brief) -> list[str]:
    out = []
    for item in brief.fired:
        out += [
            f"### {item.item_id}",
            "",
            f"*When:* `{item.when}`  ",
            f"*Consideration:* {item.consideration}",
            "",
        ]
        out += [f"- {line}" for line in item.evidence]
        out += [f"- Evidence: {marks(item.citations)}", ""]
    if not brief.fired:
        out.append("No playbook item fired in this window.")
    if brief.unchecked:
        out += ["", "Playbook items that could not be checked:"] + [f"- {line}" for line in brief.unchecked]
    return out


def _sources(brief: Brief) -> list[str]:
    return [f"[{c.number}] {source_line(c)}  " for c in brief.citations]


SECTION = {
    "developments": _developments,
    "institutions": _institutions,
    "opinions": _opinions,
    "readers": _readers,
    "signals": _signals,
    "watch": _watch,
    "sources": _sources,
}
