"""Bylines: from what pages print to clean names and one key per person."""

from __future__ import annotations

import pytest

from signaldesk.ingest.bylines import byline_key, split_byline, tidy_name


@pytest.mark.parametrize(
    ("raw", "outlet", "expected"),
    [
        ("By Jane Doe", "", ("Jane Doe",)),
        ("by jane doe", "", ("Jane Doe",)),
        ("BY JANE DOE AND JOHN SMITH", "", ("Jane Doe", "John Smith")),
        ("Jane Doe, John Smith & Ann Lee", "", ("Jane Doe", "John Smith", "Ann Lee")),
        ("Jane Doe | The Daily Planet", "The Daily Planet", ("Jane Doe",)),
        ("Jane Doe, Staff Writer", "", ("Jane Doe",)),
        ("Jane Doe, Washington Correspondent", "", ("Jane Doe",)),
        ("Thomas L. Granger, Opinion Columnist", "", ("Thomas L. Granger",)),
        ("Jane Doe jane.doe@paper.example", "", ("Jane Doe",)),
        ("Jane Doe (jd)", "", ("Jane Doe",)),
        ("Von Max Mustermann", "", ("Max Mustermann",)),
        ("PATRICK O'CONNOR", "", ("Patrick O'Connor",)),
        ("MARY MCDONALD-SMITH", "", ("Mary McDonald-Smith",)),
        ("Associated Press", "", ("Associated Press",)),
        ("The Daily Planet", "The Daily Planet", ("The Daily Planet",)),
        ("Jane Doe; JANE DOE", "", ("Jane Doe",)),
        ("", "", ()),
    ],
)
def test_split_byline(raw: str, outlet: str, expected: tuple[str, ...]) -> None:
    assert split_byline(raw, outlet=outlet) == expected


def test_several_bylines_are_merged_without_repeats() -> None:
    assert split_byline(["Jane Doe", "By JANE DOE and Ann Lee"]) == ("Jane Doe", "Ann Lee")


def test_mixed_case_names_are_kept_as_written() -> None:
    assert tidy_name("Ludwig van  Beethoven") == "Ludwig van Beethoven"
    assert tidy_name("danah boyd") == "Danah Boyd"
    assert tidy_name("LUDWIG VAN BEETHOVEN") == "Ludwig van Beethoven"


@pytest.mark.parametrize(
    "spelling",
    ["Thomas L. Granger", "THOMAS GRANGER", "Granger, Thomas", "thomas granger", "Thomas Granger Jr."],
)
def test_one_key_per_columnist(spelling: str) -> None:
    assert byline_key(spelling) == "thomas-granger"


def test_accents_fold_into_the_key() -> None:
    assert byline_key("José Álvarez") == byline_key("Jose Alvarez") == "jose-alvarez"


def test_different_people_keep_different_keys() -> None:
    assert byline_key("Jane Doe") != byline_key("John Doe")
