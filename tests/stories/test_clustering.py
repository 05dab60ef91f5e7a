"""Online story clustering on short articles written here."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from signaldesk.stories.clustering import (
    StoryClusterer,
    StoryInput,
    StoryParams,
    effective_time,
    should_join,
    should_merge,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

STORIES = {
    "hotline": (
        "Kestria and Veldor negotiators meet on the maritime hotline",
        "maritime hotline negotiators strait coast guard Veldor Kestria fishing crews agency calls "
        "disputed line foreign ministry envoy Marten Oskal talks harbour patrol",
    ),
    "budget": (
        "Parliament passes the Kestrian defence budget after a late vote",
        "parliament defence budget vote coalition opposition spending frigates procurement finance "
        "minister Ilse Varga deficit amendment committee billion",
    ),
    "flood": (
        "Floods cut roads in the eastern valleys of Kestria",
        "floods rain river valleys evacuation bridges roads villages rescue teams dam water levels "
        "emergency governor Tomas Reyk shelters",
    ),
}
FILLER = ("officials", "reporters", "people", "government", "country", "statement", "week", "morning")


def article(story: str, seed: int) -> tuple[str, str]:
    """A different article on `story` each seed: its own word choice and order."""
    rng = random.Random(seed)
    title, vocabulary = STORIES[story]
    words = vocabulary.split()
    body = []
    for _ in range(6):
        sentence = rng.sample(words, 8) + rng.sample(FILLER, 3)
        rng.shuffle(sentence)
        body.append(" ".join(sentence).capitalize() + ".")
    return title, " ".join(body)


def feed(clusterer: StoryClusterer, items: list[tuple[int, str, datetime | None]]) -> dict[int, int | None]:
    result = {}
    for doc_id, story, published in items:
        title, body = article(story, doc_id)
        result[doc_id] = clusterer.add(StoryInput(doc_id, body, title, published, "en")).story_id
    return result


def mixed_stream(count: int = 30) -> list[tuple[int, str, datetime | None]]:
    names = list(STORIES)
    return [(n, names[n % 3], T0 + timedelta(minutes=10 * n)) for n in range(count)]


def test_articles_on_the_same_story_join_and_other_stories_stay_apart() -> None:
    clusterer = StoryClusterer()
    result = feed(clusterer, mixed_stream())
    by_story: dict[str, set[int | None]] = {}
    for doc_id, story, _ in mixed_stream():
        by_story.setdefault(story, set()).add(result[doc_id])
    assert all(len(ids) == 1 for ids in by_story.values())
    assert len({next(iter(ids)) for ids in by_story.values()}) == 3
    views = clusterer.stories()
    assert [len(v.doc_ids) for v in views] == [10, 10, 10]
    assert "hotline" in views[0].top_terms
    assert views[0].first_seen == T0 and views[0].last_seen == T0 + timedelta(minutes=270)


def test_the_same_documents_in_the_same_order_give_the_same_stories() -> None:
    assert feed(StoryClusterer(), mixed_stream()) == feed(StoryClusterer(), mixed_stream())


def test_state_survives_a_restart_as_plain_json() -> None:
    stream = mixed_stream(40)
    whole = feed(StoryClusterer(), stream)
    first = StoryClusterer()
    part = feed(first, stream[:20])
    restored = StoryClusterer.from_state(json.loads(json.dumps(first.to_state())))
    part.update(feed(restored, stream[20:]))
    assert part == whole
    assert restored.stories() == StoryClusterer.from_state(restored.to_state()).stories()


def test_empty_and_one_word_documents_are_not_clustered() -> None:
    clusterer = StoryClusterer()
    for doc_id, text in enumerate(["", "Breaking", "   ", "\x00\x01\x02", "12 34 56"]):
        assignment = clusterer.add(StoryInput(doc_id, text, "", T0, "en"))
        assert assignment.story_id is None
        assert "too short" in assignment.note
    assert clusterer.stories() == []


def test_a_flood_of_identical_documents_is_duplicates_not_a_growing_centroid() -> None:
    clusterer = StoryClusterer()
    title, body = article("budget", 1)
    first = clusterer.add(StoryInput(1, body, title, T0, "en"))
    weights = dict(clusterer.lanes["en"].stories[first.story_id or 0].weights)
    for doc_id in range(2, 202):
        assignment = clusterer.add(StoryInput(doc_id, body, title, T0, "en"))
        assert (assignment.story_id, assignment.duplicate_of) == (first.story_id, 1)
    story = clusterer.lanes["en"].stories[first.story_id or 0]
    assert story.weights == weights
    assert len(story.doc_ids) == 201


def test_a_story_goes_quiet_after_its_window() -> None:
    clusterer = StoryClusterer(StoryParams(window=timedelta(days=3)))
    early = feed(clusterer, [(1, "flood", T0), (2, "flood", T0 + timedelta(days=1))])
    later = feed(clusterer, [(3, "flood", T0 + timedelta(days=4, hours=1))])
    assert early[1] == early[2] != later[3]
    assert [v.id for v in clusterer.stories()] == [later[3]]
    assert clusterer.quiet[-1].doc_ids == (1, 2)
    assert clusterer.story_of(1) is None  # quiet stories leave memory


def test_documents_without_date_use_arrival_time() -> None:
    clusterer = StoryClusterer()
    feed(clusterer, [(1, "budget", T0)])
    title, body = article("budget", 2)
    assignment = clusterer.add(StoryInput(2, body, title, None, "en"))
    assert assignment.story_id == clusterer.story_of(1)
    assert "no date" in assignment.note


def test_dates_far_in_the_future_or_past_are_clamped_and_said() -> None:
    params = StoryParams()
    moment, note = effective_time(datetime(2099, 1, 1, tzinfo=UTC), None, T0, params)
    assert moment == T0 and "future" in note
    moment, note = effective_time(datetime(1999, 1, 1, tzinfo=UTC), T0, None, params)
    assert moment == T0 and "older than the window" in note
    moment, note = effective_time(T0 + timedelta(hours=1), T0, None, params)
    assert moment == T0 + timedelta(hours=1) and note == ""
    clusterer = StoryClusterer()
    feed(clusterer, [(1, "hotline", T0)])
    title, body = article("hotline", 2)
    assignment = clusterer.add(StoryInput(2, body, title, datetime(2099, 1, 1, tzinfo=UTC), "en"), now=T0)
    assert assignment.story_id == clusterer.story_of(1) and "future" in assignment.note
    assert clusterer.clock == T0  # a wrong date does not move the clock


def test_languages_never_share_a_story() -> None:
    clusterer = StoryClusterer()
    title, body = article("flood", 1)
    english = clusterer.add(StoryInput(1, body, title, T0, "en"))
    german = clusterer.add(StoryInput(2, body + " Hochwasser", title, T0, "de"))
    assert english.story_id != german.story_id and german.is_new_story


def test_actors_pull_documents_together() -> None:
    params = StoryParams(join_threshold=0.2)
    body = article("hotline", 1)[1]
    other_body = article("budget", 2)[1]
    plain = StoryClusterer(params)
    plain.add(StoryInput(1, body[:120], "", T0, "en"))
    apart = plain.add(StoryInput(2, other_body[:120], "", T0, "en"))
    assert apart.is_new_story
    actors = ("kestria-government", "veldor-navy", "marten-oskal")
    joined = StoryClusterer(params)
    joined.add(StoryInput(1, body[:120], "", T0, "en", actors))
    together = joined.add(StoryInput(2, other_body[:120], "", T0, "en", actors))
    assert not together.is_new_story


def test_stories_that_converge_are_merged_into_the_older() -> None:
    params = StoryParams(join_threshold=0.35, merge_threshold=0.3)
    clusterer = StoryClusterer(params)
    a = clusterer.add(StoryInput(1, "reactor cooling pumps failed inspectors sealed", "", T0, "en"))
    b = clusterer.add(StoryInput(2, "grid blackout substations outage engineers", "", T0, "en"))
    assert a.story_id != b.story_id
    bridge = "reactor cooling pumps failed grid blackout substations outage"
    joined = clusterer.add(StoryInput(3, bridge, "", T0, "en"))
    assert joined.story_id == a.story_id and joined.merged_from == (b.story_id,)
    assert [sorted(v.doc_ids) for v in clusterer.stories()] == [[1, 2, 3]]
    assert clusterer.story_of(2) == a.story_id


def test_hostile_text_is_handled() -> None:
    clusterer = StoryClusterer()
    junk = bytes(range(256)).decode("latin-1") * 100
    huge = article("flood", 5)[1] * 40_000  # several MB: only the first characters are read
    texts = [junk, huge, "«Кестрия» 罢工 测试 \u201cunbalanced quotes " * 50, "\ufffd" * 10_000]
    for doc_id, text in enumerate(texts):
        clusterer.add(StoryInput(doc_id, text, text[:500], T0, None))
    assert len(clusterer.stories()) <= len(texts)


def test_decisions_are_thresholds() -> None:
    params = StoryParams(join_threshold=0.25, merge_threshold=0.6)
    assert should_join(0.25, params) and not should_join(0.2499, params)
    assert should_merge(0.6, params) and not should_merge(0.59, params)


def test_index_postings_stay_capped_however_many_stories() -> None:
    params = StoryParams(posting_cap=16, max_candidates=8)
    clusterer = StoryClusterer(params)
    for n in range(300):
        text = f"summit kestria {_word(n)} {_word(n + 1000)} {_word(n + 2000)} {_word(n + 3000)}"
        clusterer.add(StoryInput(n, text, "", T0, "en"))
    lane = clusterer.lanes["en"]
    assert len(lane.stories) > 100
    assert max(len(posting) for posting in lane.postings.values()) <= 16


def _word(n: int) -> str:
    return "".join("abcdefghij"[int(d)] for d in f"{n:05d}") + "x"


def test_a_story_kept_by_a_merge_still_lets_quieter_stories_retire() -> None:
    clusterer = StoryClusterer(StoryParams(join_threshold=0.35, merge_threshold=0.2))
    older = clusterer.add(StoryInput(1, "reactor cooling pumps failed inspectors sealed", "", T0, "en"))
    quiet = clusterer.add(
        StoryInput(2, "harbour strike dockers walked out cranes idle", "", T0 + timedelta(hours=1), "en")
    )
    clusterer.add(
        StoryInput(3, "grid blackout substations outage engineers", "", T0 + timedelta(hours=2), "en")
    )
    bridge = "grid blackout substations outage engineers reactor cooling pumps failed"
    joined = clusterer.add(StoryInput(4, bridge, "", T0 + timedelta(hours=3), "en"))
    assert joined.story_id == older.story_id and joined.merged_from == (3,)
    later = T0 + timedelta(days=3, hours=1, minutes=1)  # the harbour story is now quiet, the merged one not
    clusterer.add(StoryInput(5, "orchestra premiere symphony conductor violin hall", "", later, "en"))
    active = [v.id for v in clusterer.stories()]
    assert quiet.story_id not in active and older.story_id in active
