"""An optional narrative: a short paragraph per section, drafted by a model from the cited lines.

The model sits behind an OpenAI-compatible endpoint (llama.cpp `llama-server`, vLLM, or a
hosted API). It is given a section's lines only, each with its citation numbers, and must cite
those numbers after every sentence. `check` keeps the sentences whose every citation is one of
the section's own sources and drops the rest with a reason. When the endpoint fails, the brief
is kept as it was and the reason goes to `Brief.narrative_problems`; nothing is raised.

Everything here is pure except `narrate`, which makes the requests.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .model import Brief, Narrative
from .text import SECTIONS, marks, window_line

if TYPE_CHECKING:
    import httpx

    from ..config import Narrative as Settings

log = logging.getLogger(__name__)

TITLES = dict(SECTIONS)
MAX_LINES = 40  # lines of material per section at most
MAX_LINE = 400  # characters of one line at most
MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LEADING = re.compile(r"^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)
_BULLET = re.compile(r"^[-*\u2022]\s+")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a section's material, with the citation numbers it rests on."""

    text: str
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Checked:
    """A reply after checking: the sentences kept, the numbers they cite, and why others went."""

    kept: tuple[str, ...]
    citations: tuple[int, ...]
    dropped: tuple[str, ...]


class EndpointFailed(Exception):
    """The endpoint gave no usable reply (internal: `narrate` records it and stops)."""


def _clip(text: str, limit: int = MAX_LINE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def material(brief: Brief, section: str) -> tuple[Line, ...]:
    """The cited lines of `section` that a model may draw on (pure)."""
    lines: list[Line] = []
    if section == "developments":
        for item in brief.developments:
            lines.append(Line(f"{item.title}: {' '.join(item.summary)}", item.citations))
    elif section == "institutions":
        for group in brief.institutions:
            for voice in group.voices:
                frame = f" ({voice.frame}, {voice.direction})" if voice.frame else ""
                said = f"{group.name}: {voice.speaker}{frame} said \u201c{voice.text}\u201d"
                lines.append(Line(said, (voice.citation,)))
    elif section == "opinions":
        for piece in brief.opinions:
            head = f"{', '.join(piece.authors)} ({piece.outlet}), \u201c{piece.title}\u201d, argues for {piece.leaning}"
            lines.append(Line(" ".join([head + ":", *piece.arguments]), (piece.citation,)))
    elif section == "readers":
        for thread in brief.threads:
            samples = " ".join(f"\u201c{s}\u201d" for s in thread.samples)
            text = f"Readers of \u201c{thread.title}\u201d: {thread.comments} comments. {samples}"
            lines.append(Line(text, (thread.citation,)))
    elif section == "watch":
        for fired in brief.fired:
            text = f"Playbook item {fired.item_id} held ({fired.consideration}): {'; '.join(fired.evidence)}"
            lines.append(Line(text, fired.citations))
    return tuple(Line(_clip(line.text), line.citations) for line in lines if line.citations)[:MAX_LINES]


def prompt(brief: Brief, section: str, lines: tuple[Line, ...], max_words: int) -> list[dict[str, str]]:
    """The chat messages asking for one section's paragraph (pure)."""
    system = (
        "You draft one short paragraph for a section of a media-monitoring shift brief. "
        "Use only the numbered lines you are given and add nothing from elsewhere. "
        "After every sentence, put the numbers of the sources it rests on in square brackets, "
        "like [3] or [3][5], using only numbers that appear in the lines. "
        f"Write at most {max_words} words of plain prose: no heading, no list, no preamble."
    )
    body = "\n".join(f"- {line.text} {marks(line.citations)}" for line in lines)
    user = (
        f"Brief: {brief.title}, {window_line(brief)}\nSection: {TITLES.get(section, section)}\n\n"
        f"Lines:\n{body}"
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def request_body(model: str, messages: list[dict[str, str]], max_words: int) -> dict[str, Any]:
    """The JSON body of POST /chat/completions (pure)."""
    return {
        "model": model,
        "messages": messages,
        "temperature": 0,
        "max_tokens": max_words * 4 + 64,
        "stream": False,
    }


def reply_text(data: object) -> str:
    """The paragraph in a chat-completions reply; ValueError when it has none (pure)."""
    try:
        content = data["choices"][0]["message"]["content"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        raise ValueError("the reply has no choices[0].message.content") from None
    if not isinstance(content, str):
        raise ValueError("the reply's message content is not text")
    return _THINKING.sub(" ", content).strip()


def numbers(sentence: str) -> tuple[int, ...]:
    """The citation numbers in `sentence`, in order, each once."""
    found = (int(n) for group in MARKER.findall(sentence) for n in re.split(r"\s*[,;]\s*", group))
    return tuple(dict.fromkeys(found))


def sentences(text: str) -> list[str]:
    """The sentences of a reply; citation marks after a full stop stay with their sentence."""
    from ..analyze.sentences import split

    out: list[str] = []
    for piece in split(" ".join(text.split())):
        rest = _BULLET.sub("", piece.text)
        lead = _LEADING.match(rest)
        if lead and out:
            out[-1] = f"{out[-1]} {lead.group(0).strip()}"
            rest = rest[lead.end() :].strip()
        if rest:
            out.append(rest)
    return out


def _words(sentence: str) -> int:
    return len(MARKER.sub(" ", sentence).split())


def check(text: str, allowed: set[int], known: set[int], max_words: int) -> Checked:
    """Keep the sentences of `text` that cite, and cite only numbers in `allowed` (the section's
    sources; `known` are the brief's), within `max_words`; say why each other one went (pure)."""
    kept: list[str] = []
    cited: list[int] = []
    dropped: list[str] = []
    words = 0
    for sentence in sentences(text):
        quoted = f"\u201c{_clip(sentence, 80)}\u201d"
        found = numbers(sentence)
        unknown = [n for n in found if n not in known]
        foreign = [n for n in found if n in known and n not in allowed]
        if not found:
            dropped.append(f"{quoted} carries no citation")
        elif unknown:
            dropped.append(f"{quoted} cites {marks(unknown)}, not among the brief's sources")
        elif foreign:
            dropped.append(f"{quoted} cites {marks(foreign)}, not among this section's lines")
        elif words + _words(sentence) > max_words:
            dropped.append(f"{quoted} goes past the limit of {max_words} words")
        else:
            words += _words(sentence)
            kept.append(sentence)
            cited.extend(found)
    return Checked(tuple(kept), tuple(dict.fromkeys(cited)), tuple(dropped))


def _ask(client: httpx.Client, url: str, body: dict[str, Any], secret: str | None) -> str:
    """One request; EndpointFailed with a plain reason (no key, password or token in it)."""
    import httpx

    from ..secrets import redact_url

    shown = redact_url(url)

    def failed(message: str) -> EndpointFailed:
        message = message.replace(url, shown)
        return EndpointFailed(message.replace(secret, "***") if secret else message)

    try:
        response = client.post(url, json=body)
    except httpx.TimeoutException:
        raise failed(f"{url} gave no answer in time") from None
    except httpx.HTTPError as error:
        raise failed(f"cannot reach {url}: {error}") from None
    if not 200 <= response.status_code < 300:
        raise failed(f"{url} answered {response.status_code}: {_clip(response.text, 200)}")
    try:
        data = response.json()
    except ValueError:
        raise failed(f"{url}: the reply is not JSON") from None
    try:
        return reply_text(data)
    except ValueError as error:
        raise failed(f"{url}: {error}") from None


def narrate(
    brief: Brief,
    settings: Settings,
    *,
    environ: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Brief:
    """`brief` with a checked paragraph at the top of each section in `settings.sections` that
    has cited lines. The API key is read from `environ` (default: the process environment) now."""
    import httpx

    if brief.empty:
        return brief
    problems: list[str] = []
    secret = None
    if settings.key_env:
        secret = (os.environ if environ is None else environ).get(settings.key_env) or None
        if secret is None:
            reason = f"narrative left out: the environment variable {settings.key_env} (brief.narrative.key_env) is not set"
            return replace(brief, narrative_problems=(*brief.narrative_problems, reason))
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    known = {c.number for c in brief.citations}
    url = f"{settings.endpoint}/chat/completions"
    deadline = time.monotonic() + settings.timeout * max(1, len(settings.sections))
    written: list[Narrative] = []
    with httpx.Client(
        timeout=settings.timeout, headers=headers, transport=transport, trust_env=False
    ) as client:
        for section in settings.sections:
            lines = material(brief, section)
            if not lines:
                continue
            if time.monotonic() > deadline:
                problems.append(f"narrative stopped before {TITLES[section]}: out of time")
                break
            messages = prompt(brief, section, lines, settings.max_words)
            log.info("drafting the narrative of %s with %s", section, settings.model)
            try:
                text = _ask(client, url, request_body(settings.model, messages, settings.max_words), secret)
            except EndpointFailed as failure:
                log.warning("narrative left out: %s", failure)
                problems.append(f"narrative left out from {TITLES[section]} on: {failure}")
                break
            allowed = {n for line in lines for n in line.citations}
            checked = check(text, allowed, known, settings.max_words)
            problems += [f"narrative, {TITLES[section]}: dropped {reason}" for reason in checked.dropped]
            if checked.kept:
                written.append(Narrative(section, settings.model, " ".join(checked.kept), checked.citations))
    return replace(
        brief,
        narratives=(*brief.narratives, *written),
        narrative_problems=(*brief.narrative_problems, *problems),
    )
