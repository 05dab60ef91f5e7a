"""Normalising names and text so spelling variants meet, with offsets back to the text.

The normalised view lowercases the text, turns typographic apostrophes into ', and drops
separators inside names (spaces, hyphens, line breaks, soft hyphens, zero-width
characters). So "Choe Son-hui", "Choe Son Hui", "Choe Sonhui", "CHOE Son Hui" and
"Choe Son-\\nhui" all read "choesonhui". `View.origin(i)` maps an index of the view back to
the original text; word boundaries and case are then judged on the original text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

SEPARATORS = " \t\r\n\f\v\u00a0\u00ad\u2010\u2011\u200b\u200c\u200d\u2060\ufeff-"
_SEPARATOR_RUN = re.compile("[" + re.escape(SEPARATORS) + "]+")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Words that, written all in lowercase, are ordinary English rather than a name: "the state
# of the economy", "treasury bonds", "the white house on the corner", "foggy bottom".


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


COMMON_WORDS = word_set(
    """
    a an the of and for on in to at by with us
    state states united department office executive president president's national security
    council treasury foreign assets control defense defence war pentagon forces korea's
    congress capitol hill senate house white relations affairs committee armed services
    republican republicans democratic democrats democrat party parties republic people's
    ministry minister foreign news agency central leader leadership sister spokesperson
    spokesman spokeswoman secretary press adviser advisor official officials under special
    representative intelligence financial terrorism government council's foggy bottom
    north south ruling workers workers' central army general chairman affairs institute
    center centre alliance relief world watch rights state's
    """
)


def normalise(name: str) -> str:
    """The key a name is matched by: lowercase, plain apostrophes, no separators."""
    return _SEPARATOR_RUN.sub("", name.translate(APOSTROPHES).lower())


@dataclass(frozen=True, slots=True)
class View:
    """A normalised view of a text; `starts[k]` is where piece k begins in the view and
    `offsets[k]` where it begins in the original."""

    text: str
    starts: tuple[int, ...]
    offsets: tuple[int, ...]

    def origin(self, index: int) -> int:
        """Original offset of view index `index`."""
        piece = bisect.bisect_right(self.starts, index) - 1
        return self.offsets[piece] + (index - self.starts[piece])


def view(text: str) -> View:
    """The normalised view of `text` (see the module docstring)."""
    lowered = text.translate(APOSTROPHES).lower()
    if len(lowered) != len(text):  # a few characters lowercase to two; keep those as they are
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(APOSTROPHES))
    parts: list[str] = []
    starts: list[int] = [0]
    offsets: list[int] = [0]
    position = 0
    length = 0
    for match in _SEPARATOR_RUN.finditer(lowered):
        parts.append(lowered[position : match.start()])
        length += match.start() - position
        position = match.end()
        starts.append(length)
        offsets.append(position)
    parts.append(lowered[position:])
    return View("".join(parts), tuple(starts), tuple(offsets))


def words(surface: str) -> list[str]:
    """The words of a surface string (letters and digits, inner apostrophes kept)."""
    return _WORD.findall(surface)


def is_acronym(name: str) -> bool:
    """NSC, OFAC, KCNA, USFK: all capitals (digits allowed), no spaces, 2 to 8 characters."""
    return 2 <= len(name) <= 8 and name.isupper() and name.isalnum()


def is_lowercase_common(surface: str) -> bool:
    """True when `surface` is all lowercase and every word in it is an ordinary word."""
    if any(c.isupper() for c in surface):
        return False
    found = words(surface.translate(APOSTROPHES))
    return all(w in COMMON_WORDS for w in found)


def is_boundary(text: str, start: int, end: int) -> bool:
    """`text[start:end]` neither starts nor ends inside a word."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")
