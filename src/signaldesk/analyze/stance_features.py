"""Features of one target inside one sentence, for the stance model (pure functions).

The sentence is cut into lowercase word and punctuation tokens; tokens inside the target
become `<t>` and tokens inside other targets of the same sentence become `<o>`, so n-grams
such as "criticized <t>" or "<t> praised" carry who does what to whom. Words are counted
in the whole sentence, in the target's neighbourhood (by distance bucket and side) and in
its clause, with negation marked up to the next punctuation. VADER scores of the sentence,
of the left and right context and of the window round the target are added as numbers.
Training (scripts/train_stance.py) and prediction share this module, so they cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

MAX_SENTENCE_CHARS = 1_500
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "n't",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "none",
        "cannot",
        "without",
        "hardly",
        "barely",
    ]
)
_CLAUSE_BREAKS = frozenset([*list(".;:!?"), "but", "although", "though", "while", "whereas"])
_QUOTES = frozenset('"“”')
_SAY = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "stated",
        "according",
        "argued",
        "asked",
        "wrote",
        "explained",
        "noted",
    ]
)
WINDOW = 6


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokens(sentence: str) -> list[Token]:
    """Lowercase word and punctuation tokens with their offsets in `sentence`."""
    out = []
    for match in _TOKEN.finditer(sentence):
        word = match.group(0).lower().replace("’", "'")
        if word.endswith("n't") and len(word) > 3:
            out.append(Token(word[:-3], match.start(), match.end() - 3))
            out.append(Token("n't", match.end() - 3, match.end()))
        else:
            out.append(Token(word, match.start(), match.end()))
    return out


def _marked(toks: list[Token], span: tuple[int, int], others: Sequence[tuple[int, int]]) -> list[str]:
    """Token texts with the target collapsed to one `<t>` and other targets to `<o>`."""
    words: list[str] = []
    for tok in toks:
        if tok.start < span[1] and tok.end > span[0]:
            mark = "<t>"
        elif any(tok.start < e and tok.end > s for s, e in others):
            mark = "<o>"
        else:
            words.append(tok.text)
            continue
        if not words or words[-1] != mark:
            words.append(mark)
    return words


def _negated(words: list[str]) -> list[str]:
    """Words after a negator, up to the next punctuation, get a `neg_` prefix."""
    out = []
    on = False
    for word in words:
        if word in _NEGATORS:
            on = True
            out.append(word)
            continue
        if not word[0].isalnum() and word not in ("<t>", "<o>"):
            on = False
        out.append("neg_" + word if on and word[0].isalnum() else word)
    return out


def _bucket(distance: int) -> str:
    if distance <= 1:
        return "1"
    if distance <= 3:
        return "3"
    return "6"


def features(
    sentence: str,
    span: tuple[int, int],
    others: Sequence[tuple[int, int]] = (),
    lexicon: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Sparse features of the target at `span` (offsets into `sentence`).

    With a `lexicon` (word -> valence, as VADER's), sentiment words also count by their
    distance to the target, on each side, flipped when negated.
    """
    sentence = sentence[:MAX_SENTENCE_CHARS]
    words = _negated(_marked(tokens(sentence), span, others))
    feats: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        feats[name] = feats.get(name, 0.0) + value

    for i, word in enumerate(words):
        add("w:" + word)
        if i + 1 < len(words):
            add("b:" + word + " " + words[i + 1])
    targets = [i for i, w in enumerate(words) if w == "<t>"]
    first = targets[0] if targets else 0
    last = targets[-1] if targets else 0
    for i in range(max(0, first - WINDOW), first):
        add(f"l{_bucket(first - i)}:" + words[i])
    for i in range(last + 1, min(len(words), last + 1 + WINDOW)):
        add(f"r{_bucket(i - last)}:" + words[i])
    for i in range(last + 1, min(len(words), last + 3)):
        if words[i] in _SAY:
            add("target_says")
    lo = first
    while lo > 0 and words[lo - 1] not in _CLAUSE_BREAKS:
        lo -= 1
    hi = last
    while hi + 1 < len(words) and words[hi + 1] not in _CLAUSE_BREAKS:
        hi += 1
    for word in words[lo : hi + 1]:
        add("c:" + word)
    _between(words, first, last, add)
    if lexicon:
        _valence(words, first, last, lo, hi, lexicon, add)
    add("in_quote" if _inside_quotes(sentence, span[0]) else "outside_quote")
    add("position", span[0] / max(1, len(sentence)))
    add("bias_many_targets" if others else "bias_one_target")
    return feats


def _between(words: list[str], first: int, last: int, add: Callable[[str, float], None]) -> None:
    """Words between the target and the nearest other target, and which side that one is on."""
    before = [i for i in range(first) if words[i] == "<o>"]
    after = [i for i in range(last + 1, len(words)) if words[i] == "<o>"]
    if before:
        add("o_left", 1.0)
        for word in words[before[-1] + 1 : first][:8]:
            add("ml:" + word, 1.0)
    if after:
        add("o_right", 1.0)
        for word in words[last + 1 : after[0]][:8]:
            add("mr:" + word, 1.0)


def _valence(
    words: list[str],
    first: int,
    last: int,
    lo: int,
    hi: int,
    lexicon: Mapping[str, float],
    add: Callable[[str, float], None],
) -> None:
    for i, word in enumerate(words):
        negated = word.startswith("neg_")
        value = lexicon.get(word[4:] if negated else word)
        if not value:
            continue
        value = -value / 4 if negated else value / 4
        sign = "pos" if value > 0 else "neg"
        distance = first - i if i < first else i - last
        side = "l" if i < first else "r"
        add(f"lex:{sign}", value)
        add(f"lex:{sign}:{side}", value / (1 + distance))
        if lo <= i <= hi:
            add(f"lex:{sign}:clause", value)
        if distance <= 3:
            add(f"lex:{sign}:{side}3", value)


def _inside_quotes(sentence: str, offset: int) -> bool:
    return sum(1 for ch in sentence[:offset] if ch in _QUOTES) % 2 == 1


def context_texts(sentence: str, span: tuple[int, int]) -> dict[str, str]:
    """The texts VADER scores: whole sentence, left and right of the target, window round it."""
    sentence = sentence[:MAX_SENTENCE_CHARS]
    start, end = span
    left = sentence[:start]
    right = sentence[end:]
    left_words = left.split()[-WINDOW:]
    right_words = right.split()[:WINDOW]
    return {
        "sent": sentence,
        "left": left,
        "right": right,
        "near": " ".join([*left_words, *right_words]),
    }
