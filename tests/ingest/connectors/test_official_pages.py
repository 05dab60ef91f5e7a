"""OFAC recent actions and press-briefing transcripts."""

from __future__ import annotations

from signaldesk.ingest.connectors import CONNECTORS
from signaldesk.ingest.connectors.briefings import split_transcript, transcript_quotes
from signaldesk.ingest.connectors.ofac import parse_actions
from signaldesk.types import Genre

from .conftest import DATA, fixture, page, source

OFAC = CONNECTORS["ofac"]
LISTING = "https://ofac.treasury.gov/recent-actions"


def test_ofac_actions_are_official_articles_dated_by_their_address() -> None:
    src = source(OFAC.name, LISTING, params={"term": "North Korea|DPRK"})
    (start,) = OFAC.start(src, None)
    parsed = OFAC.parse(
        src, start, page(fixture("ofac/recent-actions.html"), LISTING, {"content-type": "text/html"})
    )
    assert [(a.url, a.published.date().isoformat() if a.published else None) for a in parsed.articles] == [
        ("https://ofac.treasury.gov/recent-actions/20310305", "2031-03-05"),
        ("https://ofac.treasury.gov/recent-actions/20310303", "2031-03-03"),
    ]
    first = parsed.articles[0]
    assert first.genre is Genre.OFFICIAL
    assert first.title == "North Korea Designations; Counter Terrorism Designation Removal"


def test_ofac_without_terms_keeps_every_action_once_and_drift_keeps_items() -> None:
    html = fixture("ofac/recent-actions.html").decode()
    every = parse_actions(html, LISTING)
    assert len(every) == 4 and every[3].title == "Russia-related Designations & Updates"
    drifted = html.replace('<div class="margin-top-1">03/05/2031 -', '<div class="new-layout"><em>new</em>')
    drifted = drifted.replace('class="margin-top-1"', 'class="something-else" data-x="1"')
    assert [a.url for a in parse_actions(drifted, LISTING)] == [a.url for a in every]
    assert (
        parse_actions(html + '<a href="/recent-actions/20311399">Bad date</a>', LISTING)[-1].published is None
    )


def test_state_transcript_splits_by_labels_and_podium_words_are_the_institution_s() -> None:
    text = (DATA / "briefings" / "state_briefing.txt").read_text()
    turns = split_transcript(text)
    assert [t.speaker for t in turns] == ["MR. HARROW", "QUESTION", "MR. HARROW", "QUESTION", "MR. HARROW"]
    assert text[turns[0].start : turns[0].end].startswith("Good afternoon, everyone.")
    assert text[turns[0].start : turns[0].end].endswith("I'll take questions.")
    quotes = transcript_quotes(text, "us-state-department")
    assert [q.actor_id for q in quotes] == [
        "us-state-department",
        None,
        "us-state-department",
        None,
        "us-state-department",
    ]
    assert all(q.kind == "direct" and text[q.start : q.end] == q.text for q in quotes)
    first = quotes[0]
    assert first.speaker_start is not None and text[first.speaker_start : first.speaker_end] == "MR. HARROW"
    assert quotes[-1].text == "I don't have a date to announce today."  # the closing line is no speech
    assert (
        quotes[2].text == "Our policy has not changed. Sanctions remain in place until we see concrete steps."
    )


def test_white_house_transcript_takes_q_without_colon_and_hyphenated_names() -> None:
    text = (DATA / "briefings" / "wh_briefing.txt").read_text()
    turns = split_transcript(text)
    assert [t.speaker for t in turns] == [
        "MS. MARSH-OKAFOR",
        "Q",
        "MS. MARSH-OKAFOR",
        "Q",
        "MS. MARSH-OKAFOR",
    ]
    assert (
        text[turns[1].start : turns[1].end]
        == "Thanks, Lena. Is the President willing to meet the North Korean leader?"
    )
    assert text[turns[-1].start : turns[-1].end] == "I'm not going to get ahead of that."  # END is no speaker


def test_lines_that_merely_start_with_q_or_capitals_are_no_labels() -> None:
    text = "MR. HARROW: Quite so. Questions remain.\nQuietly, the talks went on.\nUS policy: unchanged.\n"
    (turn,) = split_transcript(text)
    assert turn.speaker == "MR. HARROW" and text[turn.start : turn.end].endswith("US policy: unchanged.")
