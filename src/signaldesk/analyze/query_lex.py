"""Cutting query text into tokens: words, "phrases", field:values, operators and parentheses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError

KEYWORDS = ("AND", "OR", "NOT")
_FIELD_NAME = re.compile(r"[A-Za-z]+")
_NEAR = re.compile(r"NEAR(?:/(\d*))?")
_STOP = ' \t\r\n\f\v()"'


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of the query. `kind` is word, phrase, field, near, and, or, not, neg, (, ) or end.

    For words, phrases and fields `text` is the value (without quotes) and `prefix` says it
    ended in '*'; for fields `name` is the field and `value_at` where its value starts.
    """

    kind: str
    at: int
    text: str = ""
    prefix: bool = False
    quoted: bool = False
    name: str = ""
    value_at: int = 0
    distance: int = 0


def lex(query: str) -> list[Token]:
    """The tokens of `query`, ending with an `end` token; QueryError on a lexical mistake."""
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            out.append(Token(char, i))
            i += 1
        elif char == '"':
            text, end, prefix = _quoted(query, i)
            out.append(Token("phrase", i, text, prefix, quoted=True))
            i = end
        elif char == "-":
            if i + 1 >= n or query[i + 1].isspace() or query[i + 1] == ")":
                raise QueryError(
                    "'-' must be followed by what to leave out, like -opinion", query=query, position=i
                )
            out.append(Token("neg", i))
            i += 1
        else:
            token, i = _word(query, i)
            out.append(token)
    out.append(Token("end", n))
    return out


def _quoted(query: str, start: int) -> tuple[str, int, bool]:
    """A quoted string from `start` (its opening quote): text, the index after it, prefix flag."""
    close = query.find('"', start + 1)
    if close < 0:
        raise QueryError(
            'unclosed quote: add the closing " at the end of the phrase', query=query, position=start
        )
    end = close + 1
    prefix = end < len(query) and query[end] == "*"
    return query[start + 1 : close], end + prefix, prefix


def _word(query: str, start: int) -> tuple[Token, int]:
    end = start
    while end < len(query) and query[end] not in _STOP:
        end += 1
    word = query[start:end]
    if word in KEYWORDS:
        return Token(word.lower(), start), end
    near = _NEAR.fullmatch(word)
    if near:
        if not near.group(1):
            raise QueryError("NEAR needs a number, like NEAR/5", query=query, position=start)
        return Token("near", start, distance=int(near.group(1))), end
    if word.startswith("NEAR/"):
        raise QueryError("NEAR needs a number, like NEAR/5", query=query, position=start + 5)
    colon = word.find(":")
    if colon > 0 and _FIELD_NAME.fullmatch(word[:colon]):
        return _field(query, start, word[:colon], start + colon + 1)
    return _value(query, start, end, "word"), end


def _field(query: str, start: int, name: str, value_at: int) -> tuple[Token, int]:
    if value_at < len(query) and query[value_at] == '"':
        text, end, prefix = _quoted(query, value_at)
        return Token("field", start, text, prefix, True, name.lower(), value_at), end
    end = value_at
    while end < len(query) and query[end] not in _STOP:
        end += 1
    if end == value_at:
        raise QueryError(
            f"the field '{name}:' needs a value right after the colon, like {name}:korea",
            query=query,
            position=value_at,
        )
    value = _value(query, value_at, end, "field")
    return Token("field", start, value.text, value.prefix, False, name.lower(), value_at), end


def _value(query: str, start: int, end: int, kind: str) -> Token:
    text = query[start:end]
    prefix = text.endswith("*")
    body = text[:-1] if prefix else text
    star = body.find("*")
    if star >= 0:
        raise QueryError(
            "'*' only goes at the end of a word, like sanction*", query=query, position=start + star
        )
    if prefix and not body:
        raise QueryError(
            "'*' needs the start of a word before it, like sanction*", query=query, position=start
        )
    return Token(kind, start, body, prefix)
