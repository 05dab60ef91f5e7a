"""Online story clustering on a synthetic stream: 1,000,000 documents, 100,000 stories.

The stream is made here: a background vocabulary with Zipf-like word frequencies; each story
has 12 topic words and 3 names of its own; about 200 stories are live at a time, each
document picks one of them (its background words are a random stretch of a pool drawn once,
so making the stream costs little beside the clustering), and a story ends after 10 documents (so 1M documents make 100k
stories). One document every 2 seconds of stream time, so the 3-day window holds ~130k
documents and ~13k stories. Every 20th document is an edited wire copy of an earlier one.
Documents are a 9-word title and a 110-word body. Only `StoryClusterer.add` is timed.

Figures: mean milliseconds per document (wall and CPU time of this process, the latter less
disturbed by other work on the machine) over the 10,000 documents before each checkpoint
(10k, 100k, 1M; quick: 10k, 100k), active stories then, peak RSS, B-cubed F1 of the whole
stream against the generator's stories, and the MinHash signature cost of a 600-word text
(numpy here, and datasketch's when it is installed, for comparison).
"""

from __future__ import annotations

import itertools
import random
import resource
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from signaldesk.stories.clustering import StoryClusterer, StoryInput, StoryParams
from signaldesk.stories.features import shingle_hashes, words

LETTERS = "abcdefghijklmnopqrstuvwxyz"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
POOL = 2_000_000
"""Background words drawn once (Zipf-like); each document reads a random stretch of them."""
PROGRESS = 50_000


def _word(n: int) -> str:
    text = ""
    n += 26 * 26
    while n:
        n, r = divmod(n, 26)
        text += LETTERS[r]
    return text


class Stream:
    """Deterministic synthetic documents with their true story."""

    def __init__(self, seed: int = 7, vocabulary: int = 60_000, live: int = 200, per_story: int = 10):
        self.rng = random.Random(seed)
        self.words = [_word(n) for n in range(vocabulary)]
        cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(vocabulary)))
        self.pool = self.rng.choices(self.words, cum_weights=cumulative, k=POOL)
        self.live = live
        self.per_story = per_story
        self.next_story = 0
        self.stories: list[list[Any]] = [self._story() for _ in range(live)]
        self.recent: list[tuple[str, str, int]] = []

    def _story(self) -> list[Any]:
        rng = self.rng
        topic = [self.words[rng.randrange(2_000, len(self.words))] for _ in range(12)]
        names = [_word(rng.randrange(10**6, 10**7)).capitalize() for _ in range(3)]
        self.next_story += 1
        return [self.next_story - 1, topic, names, 0]

    def document(self, n: int) -> tuple[StoryInput, int]:
        rng = self.rng
        if n % 20 == 19 and self.recent:
            title, body, story = rng.choice(self.recent)
            tokens = body.split()
            for _ in range(len(tokens) // 10):
                tokens[rng.randrange(len(tokens))] = rng.choice(self.words[:500])
            return StoryInput(n, " ".join(tokens), "UPDATE " + title, self._time(n), "en"), story
        slot = rng.randrange(self.live)
        story = self.stories[slot]
        story[3] += 1
        if story[3] >= self.per_story:
            self.stories[slot] = self._story()
        start = rng.randrange(POOL - 80)
        background = self.pool[start : start + 80]
        pick = rng.choices
        topic = pick(story[1], k=36) + pick(story[2], k=10)
        title = " ".join(topic[:5] + background[:4])
        mixed = [word for pair in zip(background[4:45], topic[5:], strict=False) for word in pair]
        body = " ".join(mixed + background[45:])
        self.recent = [*self.recent[-50:], (title, body, story[0])]
        return StoryInput(n, body, title, self._time(n), "en"), story[0]

    @staticmethod
    def _time(n: int) -> datetime:
        return T0 + timedelta(seconds=2 * n)


def _bcubed(predicted: list[int], gold: list[int]) -> float:
    by_pred: dict[int, list[int]] = defaultdict(list)
    by_gold: dict[int, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    precision = recall = 0.0
    for i in range(len(predicted)):
        mine, truth = by_pred[predicted[i]], set(by_gold[gold[i]])
        shared = sum(1 for j in mine if j in truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    precision /= len(predicted)
    recall /= len(predicted)
    return 2 * precision * recall / (precision + recall)


def _minhash_costs() -> dict[str, float]:
    from signaldesk.stories.duplicates import PERMUTATIONS, _coefficients, signature

    rng = random.Random(3)
    text = " ".join(_word(rng.randrange(5_000)) for _ in range(600))
    shingles = shingle_hashes(words(text), 1)
    a, b = _coefficients(1)
    start = time.perf_counter()
    for _ in range(200):
        signature(shingles, a, b)
    result = {"minhash_numpy_ms_600w": (time.perf_counter() - start) / 200 * 1000}
    try:
        from datasketch import MinHash  # only for comparison; not a dependency
    except ImportError:
        return result
    tokens = [w.encode() for w in set(words(text))]
    start = time.perf_counter()
    for _ in range(200):
        sketch = MinHash(num_perm=PERMUTATIONS, seed=1)
        sketch.update_batch(tokens)
    result["minhash_datasketch_ms_600w"] = (time.perf_counter() - start) / 200 * 1000
    return result


def run(quick: bool = False) -> dict[str, Any]:
    checkpoints = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    stream = Stream()
    clusterer = StoryClusterer(StoryParams(window=timedelta(days=3)))
    result: dict[str, Any] = {}
    predicted: list[int] = []
    gold: list[int] = []
    spent = 0.0
    recent: list[float] = []
    cpu_recent: list[float] = []
    total = checkpoints[-1]
    for n in range(total):
        doc, story = stream.document(n)
        start, cpu = time.perf_counter(), time.process_time()
        assignment = clusterer.add(doc)
        took = time.perf_counter() - start
        spent += took
        cpu_recent.append(time.process_time() - cpu)
        if n >= total - 200_000 or n < 200_000:
            predicted.append(assignment.story_id if assignment.story_id is not None else -n)
            gold.append(story)
        recent.append(took)
        if len(recent) > 10_000:
            del recent[:-10_000], cpu_recent[:-10_000]
        if (n + 1) % PROGRESS == 0 and n + 1 not in checkpoints:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            active = sum(len(lane.stories) for lane in clusterer.lanes.values())
            cpu_ms = sum(cpu_recent) / len(cpu_recent) * 1000
            print(f"{n + 1} docs: {cpu_ms:.3f} ms/doc cpu, {active} active stories, peak RSS {rss:.0f} MB",
                  file=sys.stderr, flush=True)  # fmt: skip
        if n + 1 in checkpoints:
            label = f"{(n + 1) // 1000}k"
            result[f"ms_per_doc_at_{label}"] = round(sum(recent) / len(recent) * 1000, 4)
            result[f"cpu_ms_per_doc_at_{label}"] = round(sum(cpu_recent) / len(cpu_recent) * 1000, 4)
            result[f"active_stories_at_{label}"] = sum(len(lane.stories) for lane in clusterer.lanes.values())
            result[f"stories_started_at_{label}"] = clusterer.next_id - 1
            result[f"peak_rss_mb_at_{label}"] = round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            )
            print(
                label,
                result[f"ms_per_doc_at_{label}"],
                "ms/doc wall,",
                result[f"cpu_ms_per_doc_at_{label}"],
                "ms/doc cpu,",
                result[f"active_stories_at_{label}"],
                "active stories, peak RSS",
                result[f"peak_rss_mb_at_{label}"],
                "MB",
                file=sys.stderr,
                flush=True,
            )
    result["ms_per_doc_overall"] = round(spent / total * 1000, 4)
    result["true_stories"] = stream.next_story
    result["bcubed_f1_first_and_last_200k"] = round(_bcubed(predicted, gold), 4)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result.update({k: round(v, 4) for k, v in _minhash_costs().items()})
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
