"""Checking many queries at once gives the same answers as checking each one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signaldesk.analyze.query import Matchable, parse, prepare
from signaldesk.analyze.query_rules import RuleSet, triggers

WORDS = ["korea", "talks", "sanctions", "pyongyang", "missile", "seoul", "envoy", "summit"]


def test_triggers() -> None:
    assert triggers(parse('("North Korea" OR DPRK) AND talks').root) == {"talks"}
    assert triggers(parse('("North Korea" OR DPRK) AND (talks OR summit OR envoy)').root) == {"north", "dprk"}
    assert triggers(parse("talks NEAR/3 sanction*").root) == {"talks"}
    assert triggers(parse("sanction* NEAR/3 talks").root) == {"talks"}
    assert triggers(parse('"six party"* -genre:opinion').root) == {"six"}
    assert triggers(parse("sanction*").root) is None
    assert triggers(parse("korea OR genre:opinion").root) is None
    assert triggers(parse("genre:opinion -korea").root) is None


def test_rule_set_names_the_matching_queries_in_order() -> None:
    rules = RuleSet(
        {
            "talks": parse("korea talks"),
            "opinion": parse("genre:opinion"),
            "missile": parse("missile* NEAR/2 launch"),
            "any": parse("korea OR seoul"),
        }
    )
    doc = Matchable(title="Korea talks", text="Seoul expects a missile launch", genre="opinion")
    assert rules.matching(doc) == ["talks", "opinion", "missile", "any"]
    assert rules.matching(prepare(Matchable(text="nothing here"))) == []
    assert len(rules) == 4


queries = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).flatmap(
    lambda ws: st.sampled_from(
        [
            " ".join(ws),
            " OR ".join(ws),
            f"{ws[0]} NEAR/2 {ws[-1]}",
            f"({' OR '.join(ws)}) -{WORDS[0]}",
            f"{ws[0][:3]}* {ws[-1]}",
            f'"{" ".join(ws)}"',
            f"title:{ws[0]} OR genre:news",
        ]
    )
)
texts = st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(queries, min_size=1, max_size=12), st.lists(st.tuples(texts, texts), min_size=1, max_size=5))
def test_rule_set_agrees_with_each_query(texts_of_queries: list[str], docs: list[tuple[str, str]]) -> None:
    parsed = [(f"q{n}", parse(text)) for n, text in enumerate(texts_of_queries)]
    rules = RuleSet(parsed)
    for title, text in docs:
        doc = prepare(Matchable(title=title, text=text))
        assert rules.matching(doc) == [name for name, query in parsed if query.matches(doc)]
