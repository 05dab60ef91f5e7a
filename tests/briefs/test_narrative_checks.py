"""Checking a model's reply, and the narrative settings (pure: no endpoint, no desk)."""

from __future__ import annotations

from typing import Any

import pytest

from signaldesk.briefs.narrative import check, reply_text, sentences
from signaldesk.config import Narrative


def completion(text: str) -> dict[str, Any]:
    """A well-formed chat-completions reply carrying `text`."""
    return {
        "id": "cmpl-1",
        "object": "chat.completion",
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
    }


def settings(url: str, **extra: Any) -> Narrative:
    return Narrative.model_validate({"endpoint": url, "model": "test-model", **extra})


def test_sentences_keep_their_citations_and_abbreviations() -> None:
    text = "U.S. officials said talks could resume [1]. Sen. Ray disagreed. [2][3] What next? [4, 5]"
    assert sentences(text) == [
        "U.S. officials said talks could resume [1].",
        "Sen. Ray disagreed. [2][3]",
        "What next? [4, 5]",
    ]


def test_check_keeps_only_sentences_citing_the_sections_own_sources() -> None:
    reply = "Talks were offered [1][2]. Nobody knows why. Sources say more [9]. A rival paper agreed [3]."
    checked = check(reply, allowed={1, 2}, known={1, 2, 3}, max_words=120)
    assert checked.kept == ("Talks were offered [1][2].",)
    assert checked.citations == (1, 2)
    reasons = " | ".join(checked.dropped)
    assert "Nobody knows why." in reasons and "carries no citation" in reasons
    assert "[9], not among the brief's sources" in reasons
    assert "[3], not among this section's lines" in reasons
    capped = check("One two three four five [1]. Six seven eight nine ten eleven [1].", {1}, {1}, 10)
    assert capped.kept == ("One two three four five [1].",) and "limit of 10 words" in capped.dropped[0]


def test_reply_text_wants_a_chat_completion() -> None:
    assert reply_text(completion("<think>hm</think>Hello [1].")) == "Hello [1]."
    for bad in ({}, {"choices": []}, {"choices": [{"message": {"content": None}}]}, []):
        with pytest.raises(ValueError):
            reply_text(bad)


def test_settings_check_the_address() -> None:
    from pydantic import ValidationError

    assert settings("http://127.0.0.1:8080/v1/").endpoint == "http://127.0.0.1:8080/v1"
    assert settings("https://api.example.org/v1").timeout == 60
    for bad in ("ftp://example.org/v1", "127.0.0.1:8080", "http:///v1"):
        with pytest.raises(ValidationError, match="http"):
            settings(bad)
