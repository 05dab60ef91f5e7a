"""Parsing: the tree a query gives, and the exact place and wording of each mistake."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from signaldesk.analyze.query import And, Field, Near, Not, Or, Phrase, Prefix, Published, Term, parse
from signaldesk.errors import QueryError


def day(d: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 3, d, hour, minute, tzinfo=UTC)


def test_watch_query_tree() -> None:
    root = parse('("North Korea" OR DPRK OR Pyongyang) AND (sanctions OR talks)').root
    assert root == And(
        (
            Or((Phrase(("north", "korea")), Term(("dprk",)), Term(("pyongyang",)))),
            Or((Term(("sanctions",)), Term(("talks",)))),
        )
    )


def test_precedence_not_then_and_then_or() -> None:
    assert parse("a OR b c").root == Or((Term(("a",)), And((Term(("b",)), Term(("c",))))))
    assert parse("a b OR c").root == Or((And((Term(("a",)), Term(("b",)))), Term(("c",))))
    assert parse("a NOT b OR c").root == Or((And((Term(("a",)), Not(Term(("b",))))), Term(("c",))))
    assert parse("a AND b AND (c AND d)").root == And(tuple(Term((w,)) for w in "abcd"))
    assert parse("korea -opinion").root == And((Term(("korea",)), Not(Term(("opinion",)))))
    assert parse("korea -(a OR b)").root == And((Term(("korea",)), Not(Or((Term(("a",)), Term(("b",)))))))


def test_words_are_folded_and_split_like_the_index() -> None:
    assert parse("Pyŏngyang").root == Term(("pyongyang",))
    assert parse("Jong-un").root == Term(("jong", "un"))
    assert parse("sanction*").root == Prefix(("sanction",))
    assert parse('"north kor"*').root == Prefix(("north", "kor"))
    assert parse("and or").root == And((Term(("and",)), Term(("or",))))
    assert parse('"AND"').root == Phrase(("and",))


def test_near() -> None:
    assert parse("talks NEAR/5 sanctions").root == Near(Term(("talks",)), Term(("sanctions",)), 5)
    assert parse('"six party" NEAR/0 talk*').root == Near(Phrase(("six", "party")), Prefix(("talk",)), 0)
    assert parse("a NEAR/2 b OR c").root == Or((Near(Term(("a",)), Term(("b",)), 2), Term(("c",))))


def test_fields() -> None:
    assert parse("title:Korea").root == Term(("korea",), ("title",))
    assert parse('text:"six party"').root == Phrase(("six", "party"), ("text",))
    assert parse("title:sanction*").root == Prefix(("sanction",), ("title",))
    assert parse('outlet:"Capital Ledger"').root == Field("outlet", "capital ledger")
    assert parse("genre:Opinion").root == Field("genre", "opinion")
    assert parse("lang:EN").root == Field("lang", "en")
    assert parse('author:"Jane Doe"').root == Field("author", "jane doe")
    assert parse("source:ledger-world actor:kim-jong-un frame:pressure").root == And(
        (Field("source", "ledger-world"), Field("actor", "kim-jong-un"), Field("frame", "pressure"))
    )
    assert parse("TITLE:korea").root == Term(("korea",), ("title",))


def test_dates() -> None:
    assert parse("published:>=2026-03-01").root == Published(start=day(1))
    assert parse("published:>2026-03-01").root == Published(start=day(2))
    assert parse("published:<2026-03-05").root == Published(end=day(5))
    assert parse("published:<=2026-03-05").root == Published(end=day(6))
    assert parse("published:2026-03-01").root == Published(day(1), True, day(2), False)
    assert parse("published:2026-03-01..2026-03-05").root == Published(day(1), True, day(6), False)
    assert parse("published:2026-03-01T14:00:00+09:00..").root == Published(start=day(1, 5))
    assert parse("published:..2026-03-05T12:30Z").root == Published(end=day(5, 12, 30), end_inclusive=True)
    assert parse("published:>2026-03-01T12:00:00").root == Published(day(1, 12), False)
    assert parse('published:"2026-03-01"').root == Published(day(1), True, day(2), False)


@pytest.mark.parametrize(
    ("query", "position", "message"),
    [
        ("", 0, "empty query"),
        ("   ", 0, "empty query"),
        ('korea "six party', 6, "unclosed quote"),
        ("korea)", 5, "')' without '('"),
        ("(korea OR dprk", 0, "'(' is never closed"),
        ("(korea OR (dprk)", 0, "'(' is never closed"),
        ("korea ()", 6, "empty parentheses"),
        ("autor:smith", 0, "unknown field 'autor' (did you mean 'author'?)"),
        ("korea titel:x", 6, "unknown field 'titel' (did you mean 'title'?)"),
        ("talks NEAR sanctions", 6, "NEAR needs a number, like NEAR/5"),
        ("talks NEAR/ sanctions", 6, "NEAR needs a number, like NEAR/5"),
        ("talks NEAR/x sanctions", 11, "NEAR needs a number, like NEAR/5"),
        ("talks NEAR/3", 12, "NEAR needs a word or phrase after it"),
        ("(a OR b) NEAR/3 c", 9, "NEAR joins two words or phrases"),
        ("title:a NEAR/3 c", 8, "NEAR joins two words or phrases"),
        ("a NEAR/3 b NEAR/3 c", 11, "NEAR joins exactly two"),
        ("NOT korea", 0, "a query cannot be only NOT"),
        ("-opinion", 0, "a query cannot be only NOT"),
        ("korea OR NOT dprk", 9, "a query cannot be only NOT"),
        ("(NOT a) (NOT b)", 1, "a query cannot be only NOT"),
        ("korea NOT", 6, "NOT needs something after it"),
        ("korea - dprk", 6, "'-' must be followed by what to leave out"),
        ("AND korea", 0, "'AND' needs something on its left"),
        ("korea OR", 8, "the query ends too early"),
        ("korea AND OR dprk", 10, "'OR' needs something on its left"),
        ("title:", 6, "the field 'title:' needs a value"),
        ("korea outlet: x", 13, "the field 'outlet:' needs a value"),
        ("sanc*tions", 4, "'*' only goes at the end of a word"),
        ("korea *", 6, "'*' needs the start of a word"),
        ("korea &", 6, "& has no letters or digits to search for"),
        ('korea ""', 6, '"" has no letters or digits'),
        ("genre:opnion", 6, "unknown genre 'opnion' (did you mean 'opinion'?)"),
        ("outlet:Ledger*", 13, "'*' works on words and on title: and text:"),
        ("published:2026-13-01", 10, "'2026-13-01' is not a date or time"),
        ("published:>=yesterday", 12, "'yesterday' is not a date or time"),
        ("published:2026-03-01..2026-02-01", 10, "the range ends before it starts"),
        ("published:2026-03-01..soon", 22, "'soon' is not a date or time"),
    ],
)
def test_mistakes_name_the_place(query: str, position: int, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    error = caught.value
    assert message in error.message
    assert error.position == position, error.message
    assert error.query == query
    assert error.details == {"query": query, "position": position}
    assert error.exit_code == 2


def test_error_message_points_at_the_mistake() -> None:
    with pytest.raises(QueryError) as caught:
        parse("korea)")
    assert str(caught.value).endswith("\n  korea)\n       ^")


def test_positions_are_kept_but_not_compared() -> None:
    a, b = parse("korea").root, parse("   korea").root
    assert a == b
    assert isinstance(b, Term)
    assert b.at == 3
