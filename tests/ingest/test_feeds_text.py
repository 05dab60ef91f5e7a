"""plain_text and collapse leave one space between words, whatever whitespace the text had."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signaldesk.ingest.sanitize import collapse, plain_text

SPACES = " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000"
WORDS = st.text(alphabet=st.sampled_from("ab.é한" + SPACES), max_size=200)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(0, 3))
def test_whitespace_is_collapsed_like_split(text: str, pad: int) -> None:
    long = ("word " * 20) * pad + text  # long text takes the quick path when it is plain ASCII
    assert collapse(long) == " ".join(long.split())
    assert plain_text(long) == " ".join(long.split())


def test_long_single_spaced_ascii() -> None:
    text = " ".join(["sanctions"] * 30)
    assert collapse(f" {text} ") == text
    assert collapse(f"{text}\t{text}") == f"{text} {text}"
    assert collapse(f"{text}\x1f{text}") == f"{text} {text}"
    assert plain_text(f"<p>{text}</p><p>{text}</p>") == f"{text} {text}"
