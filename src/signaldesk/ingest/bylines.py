"""Byline normalisation: from what a page prints to a tuple of clean names.

`split_byline("By JANE DOE and John Smith | The Daily Planet, Staff Writers")`
gives `("Jane Doe", "John Smith")`; `byline_key` maps spellings of one person
("Thomas L. Friedman", "FRIEDMAN, THOMAS") to one key ("thomas-friedman").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_LEADING = re.compile(
    r"^\s*(?:(?:written|reported|posted|story|text|words|photos?)\s+)?"
    r"(?:by|from|von|par|por|door|autor|autorin|author|text)\s*[:\-]?\s+",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(
    r"\s*(?:\||;|,|/|•|·|\band\b|\bund\b|\by\b|\bet\b|\be\b|\bog\b|\boch\b|&|\n)\s*", re.IGNORECASE
)
_ROLE_WORDS = (
    "staff",
    "writer",
    "writers",
    "reporter",
    "reporters",
    "correspondent",
    "correspondents",
    "editor",
    "editors",
    "columnist",
    "contributor",
    "contributing",
    "senior",
    "chief",
    "bureau",
    "special",
    "national",
    "political",
    "foreign",
    "washington",
    "producer",
    "analyst",
    "opinion",
    "photographer",
    "updated",
    "published",
    "image",
    "images",
    "photo",
    "photos",
    "picture",
    "getty",
    "istockphoto",
    "shutterstock",
    "reuters pictures",
)
_ROLE = re.compile(
    r"^(?:(?:the|a|an|our|for|of|in|at)\s+)*(?:" + "|".join(_ROLE_WORDS) + r")\b", re.IGNORECASE
)
_TRAILING_ROLE = re.compile(
    r"\s*[-–—,(]\s*(?:" + "|".join(_ROLE_WORDS) + r")\b.*$",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_KOREAN_ROLE = re.compile(r"\s*(?:기자|특파원|논설위원)$")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "dr", "prof", "mr", "mrs", "ms"})
_LOWER_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "da", "di", "la", "le", "du"})


def split_byline(raw: str | Iterable[str], outlet: str = "") -> tuple[str, ...]:
    """Clean names from a byline (or several), dropping roles, outlets, emails and repeats."""
    pieces = [raw] if isinstance(raw, str) else list(raw)
    names: list[str] = []
    seen: set[str] = set()
    outlet_key = _fold(outlet)
    for piece in pieces:
        for name in _names_in(piece or ""):
            if outlet_key and _fold(name) == outlet_key and len(pieces) + len(names) > 1:
                continue
            key = byline_key(name)
            if key and key not in seen:
                seen.add(key)
                names.append(name)
    if outlet_key:
        kept = [n for n in names if _fold(n) != outlet_key]
        names = kept or names
    return tuple(names)


def _names_in(text: str) -> list[str]:
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" \t\r\n-–—:|,")
    found = []
    for part in _SEPARATORS.split(text):
        part = _PARENTHESES.sub(" ", part).strip()
        part = _LEADING.sub("", part)
        part = _KOREAN_ROLE.sub("", part)
        part = _TRAILING_ROLE.sub("", part).strip(" .-–—:|()[]\"'")
        if not part or _ROLE.match(part) or not any(ch.isalpha() for ch in part):
            continue
        if len(part.split()) > 6 or len(part) > 60:
            continue
        found.append(tidy_name(part))
    return found


def tidy_name(name: str) -> str:
    """Collapse spaces and title-case a name written in capitals ("JANE DOE" -> "Jane Doe")."""
    name = re.sub(r"\s+", " ", name).strip()
    letters = [ch for ch in name if ch.isalpha()]
    if letters and (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        name = " ".join(_title_word(word, i) for i, word in enumerate(name.split(" ")))
    return name


def _title_word(word: str, position: int) -> str:
    lower = word.lower()
    if position > 0 and lower in _LOWER_PARTICLES:
        return lower
    out = "-".join("'".join(_cap(p) for p in chunk.split("'")) for chunk in lower.split("-"))
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def _cap(part: str) -> str:
    return part[:1].upper() + part[1:]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^\w]+", " ", plain.lower()).strip()


def byline_key(name: str) -> str:
    """One key per person: accents, case, initials, titles and "Last, First" order folded away."""
    text = name.strip()
    if text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        if first and last and first.lower().strip(". ") not in _SUFFIXES:
            text = f"{first} {last}"
    tokens = [t for t in _fold(text).split() if len(t) > 1 and t not in _SUFFIXES]
    return "-".join(tokens)
