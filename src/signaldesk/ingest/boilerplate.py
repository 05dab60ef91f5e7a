"""Boilerplate that survives body extraction: promo lines, share bars, related links.

`drop_boilerplate_lines` removes lines matching patterns common to news sites (kept
as data below). Learning boilerplate from other pages of the same site was tried and
left out: on the benchmark (two pages a site at most) it cost more recall than it won.
"""

from __future__ import annotations

import re

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
    r"more:",
    r"source: [\w .,&'-]{2,40}",
    r"\[related:.*\]",
    r"(?:tempo de leitura|reading time|lesezeit|temps de lecture):? \d+ \w+",
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
    r"related posts?:",
    r"filed under:",
    r"most read in ",
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
