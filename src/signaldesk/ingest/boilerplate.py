"""Boilerplate that survives body extraction: promo lines, share bars, related links.

Two tools, both pure. `drop_boilerplate_lines` removes lines that match patterns
common to news sites (kept as data below). A site profile is the set of line
fingerprints seen on several pages of one site (`learn_site_profile`); lines in it
are not the article (`drop_known_lines`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

MAX_LINE = 300
"""Longer lines are prose and never dropped by pattern."""

WHOLE_LINES = (
    r"(?:don't|do not) miss",
    r"tags?:?",
    r"share(?: this(?: article| story)?)?:?",
    r"\d*\s*comments?",
    r"tell us what you think\W*",
    r"like this story\? share it with a friend!?",
    r"print article",
    r"order reprints",
    r"text size",
    r"advertisement",
    r"thank you",
    r"an error has occurred, please try again later\.?",
    r"this article has been sent to",
    r"something to consider",
    r"\[button[^\]]*\].*",
)
LINE_STARTS = (
    r"related:",
    r"read more:",
    r"see more:",
    r"read next:",
    r"also on \S+\.\w+",
    r"recommended:",
    r"most read:",
    r"more from \S+:",
)
LINE_CONTAINS = (
    r"follow (?:us|him|her|them|[\w@ ]{1,40}) on (?:twitter|facebook|instagram)",
    r"sign up for [\w’' .]{0,60}newsletter",
    r"subscribe to [\w’' .]{0,60}newsletters?",
    r"delivered (?:right |straight )?(?:to|in) your inbox",
    r"right in your inbox",
    r"copyright\s*©|©\s*\d{4}.{0,80}all rights reserved",
    r"this copy is for your personal, non-commercial use only",
    r"may be reached at \S+@",
    r"^email \S+ at \S+@",
    r"click here for more information",
    r"\[(?:insight|video|reaction|news|warning|pictures|poll|reveal|analysis|latest|live)\]\|?$",
)
_WHOLE = re.compile(r"^(?:" + "|".join(WHOLE_LINES) + r")$", re.IGNORECASE)
_STARTS = re.compile(r"^(?:" + "|".join(LINE_STARTS) + r")", re.IGNORECASE)
_CONTAINS = re.compile("|".join(LINE_CONTAINS), re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[-•*]\s")
_FOLLOWERS = re.compile(r"^(?:tags?:?|related:?)$", re.IGNORECASE)


def is_boilerplate_line(line: str) -> bool:
    text = " ".join(line.split())
    if not text or len(text) > MAX_LINE:
        return False
    return bool(_WHOLE.match(text) or _STARTS.match(text) or _CONTAINS.search(text))


def drop_boilerplate_lines(text: str) -> str:
    """The text without promo, share and related-link lines (and the list that follows a
    "Related:" line or the tag line after "Tags")."""
    kept: list[str] = []
    dropping_list = False
    drop_next = False
    for line in text.split("\n"):
        stripped = line.strip()
        if drop_next:
            drop_next = False
            continue
        if dropping_list and _LIST_ITEM.match(stripped) and len(stripped) < 160:
            continue
        dropping_list = False
        if is_boilerplate_line(stripped):
            dropping_list = bool(_STARTS.match(" ".join(stripped.split())))
            drop_next = bool(_FOLLOWERS.match(stripped))
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def fingerprint(line: str) -> str:
    normal = " ".join(re.findall(r"\w+", line.casefold()))
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=8).hexdigest() if normal else ""


def learn_site_profile(texts: Iterable[str], min_pages: int = 2, min_chars: int = 20) -> frozenset[str]:
    """Fingerprints of lines (of at least `min_chars`) found in `min_pages` or more texts of one site."""
    seen: Counter[str] = Counter()
    for text in texts:
        prints = {fingerprint(line) for line in text.split("\n") if len(line.strip()) >= min_chars}
        seen.update(prints - {""})
    return frozenset(key for key, count in seen.items() if count >= min_pages)


def drop_known_lines(text: str, profile: frozenset[str]) -> str:
    """The text without lines whose fingerprint is in the site's profile."""
    if not profile:
        return text
    return "\n".join(line for line in text.split("\n") if fingerprint(line) not in profile).strip()
