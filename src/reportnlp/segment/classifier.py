"""A small classifier for statutory-part headings the rules do not decide.

Char n-gram TF-IDF + logistic regression (scikit-learn), trained on corpora/sections/headings.tsv
(texts written for this project), saved with skops (a safe format, no pickle) in models/.
Retrain: `python -m reportnlp.segment.classifier`.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from ..resources import corpora_dir, models_dir

MODEL_NAME = "section_clf.skops"
THRESHOLD = 0.75


def _clean(text: str) -> str:
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、])", "", t)
    return re.sub(r"\d{4}年度?", "", t)


def train(data_path: Path | None = None):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    data_path = data_path or corpora_dir() / "sections" / "headings.tsv"
    with open(data_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    X = [_clean(r["heading"]) for r in rows]
    y = [r["label"] for r in rows]
    model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                          LogisticRegression(max_iter=2000, C=8.0))
    model.fit(X, y)
    return model


def save(model, path: Path) -> None:
    import skops.io as sio

    sio.dump(model, path)


def load(path: Path):
    import skops.io as sio

    trusted = sio.get_untrusted_types(file=path)
    allowed = [t for t in trusted if t.startswith(("sklearn.", "numpy.", "scipy."))]
    if len(allowed) != len(trusted):
        raise ValueError(f"untrusted types in {path}: {set(trusted) - set(allowed)}")
    return sio.load(path, trusted=allowed)


@lru_cache(maxsize=1)
def load_section_classifier():
    """A callable heading -> canonical id or None; None when no model is shipped."""
    path = models_dir() / MODEL_NAME
    if not path.exists():
        return None
    model = load(path)

    def classify(text: str) -> str | None:
        probs = model.predict_proba([_clean(text)])[0]
        best = probs.argmax()
        label = model.classes_[best]
        if probs[best] >= THRESHOLD and label != "measures":
            return label
        return None

    return classify


if __name__ == "__main__":  # pragma: no cover - maintenance command
    out = models_dir() / MODEL_NAME
    save(train(), out)
    print(f"saved {out}")
