"""PolNeAR (Newell, Margolin & Ruths, LREC 2018): loader and scorer for quotes with speakers.

Read in place from ../shared/eval/quotes/polnear (never copied). Each article has a .txt and
one or more brat standoff .ann files (some articles were annotated twice); we take the first
.ann in name order. A relation (E line) links Source, Cue and Content text spans, each of
one or more fragments (character offsets into the .txt).

Matching and figures (`score`):

- A predicted quote matches a gold Content when their overlap is at least 50% of the shorter
  of the two (a discontinuous gold Content counts all its fragments). Pairs are matched one
  to one, greedily by overlap, largest first.
- PolNeAR annotates every attribution, including beliefs and stances with no speech at all
  ("supporters of Clinton", "voted for her"). Precision counts a prediction as right when it
  matches any gold relation. Recall is given twice: over all relations (`recall_all`) and
  over reported speech (`recall`), the relations whose Content holds a quotation mark or
  whose Cue holds a verb of saying from `SAYING` (a fixed list of communication verbs, chosen
  from the annotation guidelines' examples, not from our rules). `f1` uses `recall`.
- Speaker accuracy: over matched pairs whose gold relation has a Source, the share where the
  predicted speaker span overlaps a Source fragment by at least one character once a leading
  "the", "a" or "an" is cut from both spans. A prediction without a speaker span is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from signaldesk.analyze.quote_cues import wordset
from signaldesk.types import Quote
from tests.evaluation.datasets import EVAL_ROOT, require

POLNEAR = EVAL_ROOT / "quotes" / "polnear"

SAYING = wordset("""
    say says said saying tell tells told telling according write writes wrote written writing
    add adds added adding ask asks asked asking announce announces announced note notes noted
    noting argue argues argued arguing explain explains explained claim claims claimed
    declare declares declared state states stated tweet tweets tweeted insist insists insisted
    warn warns warned warning respond responds responded reply replies replied acknowledge
    acknowledges acknowledged admit admits admitted recall recalls recalled suggest suggests
    suggested report reports reported reporting quoted quote quotes described describes
    continued continue continues concluded conclude predicted predict promise promised vowed
    vow insisted urged urge complained stressed remarked joked confirmed denied
    """)

_WORD = re.compile(r"[a-z]+")
_DETERMINER = re.compile(r"(?i)^(?:the|a|an)\s+")

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    content: Fragments
    source: Fragments
    cue: str
    speech: bool


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    quotes: tuple[GoldQuote, ...]


def _fragments(spec: str) -> Fragments:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in spec.split(";")))


def _parse(ann: str, text: str) -> tuple[GoldQuote, ...]:
    spans: dict[str, Fragments] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            kind, _, where = fields[1].partition(" ")
            if kind in ("Source", "Cue", "Content"):
                spans[fields[0]] = _fragments(where)
        elif line.startswith("E") and len(fields) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in fields[1].split()[1:] if ":" in arg))
    quotes = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""), ())
        if not content:
            continue
        source = spans.get(rel.get("Source", ""), ())
        cue = " ".join(text[a:b] for a, b in spans.get(rel.get("Cue", ""), ())).lower()
        quoted = any(ch in text[a:b] for a, b in content for ch in '“”"')
        speech = quoted or bool(SAYING & set(_WORD.findall(cue)))
        quotes.append(GoldQuote(content, source, cue, speech))
    return tuple(quotes)


def load(split: str) -> list[Article]:
    """The articles of `split` ("train" or "dev") with their gold attributions."""
    root = require(POLNEAR) / "data" / split
    articles = []
    for path in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        articles.append(Article(path.stem, text, _parse(anns[0].read_text(encoding="utf-8"), text)))
    if not articles:
        raise AssertionError(f"no PolNeAR articles found under {Path(root).resolve()}")
    return articles


def _overlap(start: int, end: int, fragments: Fragments) -> int:
    return sum(max(0, min(end, b) - max(start, a)) for a, b in fragments)


def _length(fragments: Fragments) -> int:
    return sum(b - a for a, b in fragments)


def match(predicted: Sequence[Quote], gold: Sequence[GoldQuote]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs, greedy by overlap."""
    pairs = []
    for i, quote in enumerate(predicted):
        for j, item in enumerate(gold):
            overlap = _overlap(quote.start, quote.end, item.content)
            shorter = min(quote.end - quote.start, _length(item.content))
            if shorter > 0 and overlap >= 0.5 * shorter:
                pairs.append((overlap, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    cut = _DETERMINER.match(text[start:end])
    return (start + cut.end(), end) if cut else (start, end)


def speaker_right(text: str, quote: Quote, gold: GoldQuote) -> bool:
    if quote.speaker_start is None or quote.speaker_end is None:
        return False
    start, end = _trim(text, quote.speaker_start, quote.speaker_end)
    trimmed = tuple(_trim(text, a, b) for a, b in gold.source)
    return _overlap(start, end, trimmed) > 0


def score(articles: Iterable[Article], finder: Callable[[str], list[Quote]]) -> dict[str, float]:
    """Content precision, recall (speech and all), F1 and speaker accuracy over `articles`."""
    predicted = gold_all = gold_speech = matched = matched_speech = with_source = right = 0
    for article in articles:
        quotes = finder(article.text)
        pairs = match(quotes, article.quotes)
        predicted += len(quotes)
        gold_all += len(article.quotes)
        gold_speech += sum(q.speech for q in article.quotes)
        matched += len(pairs)
        for i, j in pairs:
            gold = article.quotes[j]
            matched_speech += gold.speech
            if gold.source:
                with_source += 1
                right += speaker_right(article.text, quotes[i], gold)
    precision = matched / predicted if predicted else 0.0
    recall = matched_speech / gold_speech if gold_speech else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "recall_all": round(matched / gold_all if gold_all else 0.0, 4),
        "speaker_accuracy": round(right / with_source if with_source else 0.0, 4),
        "predicted": predicted,
        "gold": gold_all,
        "gold_speech": gold_speech,
    }
