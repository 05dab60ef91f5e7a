"""Train the stance model from NewsMTSC's train split and write models/stance.npz.

    .venv/bin/python scripts/train_stance.py [--eval ../shared/eval/stance/newsmtsc] [--cv] [--c 0.1]

Needs scikit-learn (training only). Features come from signaldesk.analyze.stance, the same
code that predicts. Words seen in fewer than MIN_COUNT training targets are dropped. The
file holds the vocabulary (UTF-8, one name a line), the coefficients (float16) and the
intercepts: numpy reads it without pickle. With --cv it first prints the 5-fold macro-F1
on train (folds split by sentence); it always prints macro-F1 on rw-dev and mt-dev.
Choices made by cross-validation on train: C=0.1 (0.05 was no better), classes unweighted
(--balanced was no better).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from signaldesk.analyze.stance import MODEL_FILE, POLARITIES, StanceModel, all_features  # noqa: E402

LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
MIN_COUNT = 2


def load(path: Path) -> tuple[list[dict[str, float]], list[str], list[int]]:
    rows, labels, groups = [], [], []
    cache: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            item = json.loads(line)
            sentence = item["sentence_normalized"]
            spans = [(t["from"], t["to"]) for t in item["targets"]]
            for target in item["targets"]:
                span = (target["from"], target["to"])
                others = [s for s in spans if s != span]
                rows.append(all_features(sentence, span, others, cache))
                labels.append(LABELS[target["polarity"]])
                groups.append(number)
    return rows, labels, groups


def main() -> int:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold, cross_val_predict

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval", type=Path, default=ROOT / ".." / "shared" / "eval" / "stance" / "newsmtsc")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src" / "signaldesk" / "analyze" / "models" / MODEL_FILE
    )
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--balanced", action="store_true", help="weight classes by inverse frequency")
    parser.add_argument("--cv", action="store_true", help="report 5-fold cross-validation on train first")
    args = parser.parse_args()
    if not (args.eval / "train.jsonl").is_file():
        parser.error(f"NewsMTSC not found at {args.eval}")

    rows, labels, groups = load(args.eval / "train.jsonl")
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    keep = np.asarray((matrix != 0).sum(axis=0)).ravel() >= MIN_COUNT
    matrix = matrix[:, keep]
    names = [n for n, k in zip(vectorizer.feature_names_, keep, strict=True) if k]
    y = np.array(labels)
    model = LogisticRegression(C=args.c, max_iter=300, class_weight="balanced" if args.balanced else None)
    if args.cv:
        guess = cross_val_predict(model, matrix, y, cv=GroupKFold(5), groups=groups)
        print(f"cv macro-F1 {f1_score(y, guess, average='macro'):.4f}")
    model.fit(matrix, y)
    order = [list(model.classes_).index(p) for p in POLARITIES]
    coef = model.coef_[order].T.astype(np.float16)
    intercept = model.intercept_[order].astype(np.float64)
    vocabulary = np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, vocabulary=vocabulary, coef=coef, intercept=intercept, classes=np.array(POLARITIES)
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(names)} features)")

    shipped = StanceModel.from_file(args.out)
    for split in ("rw-dev", "mt-dev"):
        dev_rows, dev_labels, _ = load(args.eval / f"{split}.jsonl")
        guess = [POLARITIES[int(np.argmax(shipped.probabilities(r)))] for r in dev_rows]
        print(f"{split} macro-F1 {f1_score(dev_labels, guess, average='macro'):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
