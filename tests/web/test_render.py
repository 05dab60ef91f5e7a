"""Pure pieces of the dashboard: highlighting escapes everything, charts are plain SVG, roles order."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from signaldesk.web.accounts import digest, hash_password, role_allows, verify_password
from signaldesk.web.charts import bar_chart, line_chart
from signaldesk.web.highlight import Span, highlight
from signaldesk.web.sse import event


def test_highlight_escapes_text_and_labels() -> None:
    text = 'He said "<script>alert(1)</script>" & left.'
    html = highlight(text, [Span(8, 35, "quote", 'x" onmouseover="y'), Span(0, 2, "entity", "<b>")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'onmouseover="y' not in html and "&quot;" in html
    assert html.count("<mark") == 2


@given(st.text(max_size=80), st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=6))
def test_highlight_keeps_every_character_in_order(text: str, pairs: list[tuple[int, int]]) -> None:
    import html as std

    spans = [Span(a, b, "entity", "x") for a, b in pairs]
    out = str(highlight(text, spans))
    plain = out.replace('<div class="article-text">', "").replace("</div>", "").replace("</mark>", "")
    import re

    plain = re.sub(r"<mark [^>]*>", "", plain)
    assert std.unescape(plain) == text


def test_overlapping_spans_nest_cleanly() -> None:
    html = str(highlight("abcdef", [Span(0, 4, "quote", "q"), Span(2, 6, "entity", "e")]))
    assert html.count("<mark") == html.count("</mark>") == 3
    assert '<mark class="m-entity m-quote" title="q; e">cd</mark>' in html


def test_charts_are_svg_without_inline_style() -> None:
    line = line_chart(
        {"talks": [(date(2026, 3, 1), 2), (date(2026, 3, 3), 5)], "<x>": [(date(2026, 3, 2), 1)]}
    )
    assert line.startswith("<svg") and line.count("<polyline") == 2 and "style=" not in line
    assert "&lt;x&gt;" in line and "2026-03-03" in line
    bars = bar_chart([("Ledger", 3), ("Sentinel", 1)])
    assert bars.count("<rect") == 2 and "style=" not in bars
    assert "No data" in line_chart({}) and "No data" in bar_chart([])


def test_roles_passwords_and_digests() -> None:
    assert role_allows("admin", "viewer") and role_allows("analyst", "analyst")
    assert not role_allows("viewer", "analyst") and not role_allows("nobody", "viewer")
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2") and verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong") and not verify_password("garbage", "x")
    assert digest("a") != digest("b") and len(digest("a")) == 64


def test_event_format() -> None:
    assert event(7, {"id": 7}) == 'id: 7\nevent: document\ndata: {"id": 7}\n\n'


def test_login_redirects_only_to_paths_on_this_site() -> None:
    from signaldesk.web.pages import _safe_next

    assert _safe_next("/search?q=x") == "/search?q=x"
    for target in ("//evil.test/", "/\\evil.test", "https://evil.test/", "javascript:alert(1)"):
        assert _safe_next(target) == "/"
