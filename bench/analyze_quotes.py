"""Quote finding speed: 600-word articles cut from the demo storyline, run through find_quotes.

`python -m bench analyze_quotes`; the stage should cost a few ms per 600-word article on the
2-core reference machine (the whole analysis must reach 25 articles/s).
"""

from __future__ import annotations

import time

from signaldesk.analyze.quotes import find_quotes
from signaldesk.demo.storyline import load_storyline

WORDS_PER_ARTICLE = 600


def articles(words: int = WORDS_PER_ARTICLE) -> list[str]:
    """The storyline's paragraphs joined and cut into articles of about `words` words."""
    paragraphs = [p for article in load_storyline().articles for p in article.body]
    found: list[str] = []
    current: list[str] = []
    count = 0
    for paragraph in paragraphs:
        current.append(paragraph)
        count += len(paragraph.split())
        if count >= words:
            found.append("\n\n".join(current))
            current, count = [], 0
    return found


def run(quick: bool = False) -> dict[str, float | int | str]:
    texts = articles()
    rounds = 1 if quick else 5
    words = sum(len(t.split()) for t in texts) * rounds
    quotes = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            quotes += len(find_quotes(text))
    elapsed = time.perf_counter() - started
    return {
        "articles": len(texts) * rounds,
        "quotes": quotes,
        "words_per_s": round(words / elapsed),
        "articles_per_s": round(len(texts) * rounds / elapsed, 1),
        "ms_per_article": round(1000 * elapsed / (len(texts) * rounds), 3),
    }


if __name__ == "__main__":
    print(run())
