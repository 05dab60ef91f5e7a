"""The whole default analysis of 600-word English articles: articles/s, words/s per stage, peak RSS.

Articles are built from the demo storyline's own texts (about 600 words each). Stages are timed
one by one on the same articles (language, actors, quotes, tone, stance, frames), then the whole
`Analyzer.analyze` in one process; the desk's two workers would double the last figure.
"""

from __future__ import annotations

import resource
import time
from typing import Any


def articles(count: int, words: int = 600) -> list[tuple[str, str]]:
    from signaldesk.demo.storyline import load_storyline

    storyline = load_storyline()
    paragraphs = [p for item in storyline.items for p in item.body]
    titles = [item.title for item in storyline.items]
    built = []
    for n in range(count):
        chosen, total, k = [], 0, n
        while total < words:
            paragraph = paragraphs[k % len(paragraphs)]
            chosen.append(paragraph)
            total += len(paragraph.split())
            k += 7
        built.append((titles[n % len(titles)], "\n".join(chosen)))
    return built


def run(quick: bool = False) -> dict[str, Any]:
    from signaldesk.analyze import ner
    from signaldesk.analyze.frames import FrameDetector
    from signaldesk.analyze.language import detect_language
    from signaldesk.analyze.pipeline import Analyzer
    from signaldesk.analyze.quotes import find_quotes
    from signaldesk.analyze.stance import StanceModel
    from signaldesk.analyze.tone import tone
    from signaldesk.config import parse_desk
    from signaldesk.demo import Newsroom

    config = parse_desk(Newsroom(port=0).desk_yaml())
    analyzer = Analyzer(config)
    docs = articles(40 if quick else 200)
    frames = FrameDetector(config.frames)
    words = sum(len(text.split()) for _, text in docs)
    analyzer.analyze(docs[0][1], title=docs[0][0])  # load every model once
    figures: dict[str, Any] = {"articles": len(docs), "words_per_article": round(words / len(docs))}
    mentions = {}
    stages = {
        "language": lambda title, text: detect_language(f"{title}\n{text}"),
        "actors": lambda title, text: mentions.__setitem__(text, analyzer.registry.find(text)),
        "quotes": lambda title, text: find_quotes(text, mentions[text]),
        "tone": lambda title, text: tone(text),
        "stance": lambda title, text: StanceModel.load().predict(
            text, [(m.start, m.end) for m in mentions[text] if m.actor_id]
        ),
        "frames": lambda title, text: frames.detect(text),
        "ner": lambda title, text: ner.find(text, known=mentions[text]),
    }
    for name, stage in stages.items():
        start = time.perf_counter()
        for title, text in docs:
            stage(title, text)
        figures[f"{name}_words_per_s"] = round(words / (time.perf_counter() - start))
    start = time.perf_counter()
    cpu = time.process_time()
    for title, text in docs:
        analyzer.analyze(text, title=title)
    elapsed = time.perf_counter() - start
    figures["whole_articles_per_s"] = round(len(docs) / elapsed, 1)
    figures["whole_cpu_ms_per_article"] = round((time.process_time() - cpu) * 1000 / len(docs), 1)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures
