"""A small classifier for statutory-part headings the rules do not decide.

Char n-gram TF-IDF + logistic regression. Training uses scikit-learn on the labelled headings of
corpora/sections/*.tsv (texts written for this project, columns ``label`` and ``heading``); what
inference needs — vocabulary, idf, weights, intercepts, classes — is exported to a small JSON file
in models/ and applied here with the standard library only, so a check never imports scikit-learn,
scipy or numpy to classify a heading, and the model file cannot run code when read.

Regenerate the shipped model (one command, deterministic):
    python scripts/train_section_classifier.py        (or: python -m reportnlp.segment.classifier)
tests/test_classifier.py checks that the shipped file is exactly what the corpus trains and that it
predicts what scikit-learn predicts.
"""
from __future__ import annotations

import csv
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import cast

import reportnlp.recache as recache
from ..resources import corpora_dir, models_dir

MODEL_NAME = "section_clf.json"
FORMAT = "reportnlp-section-clf/1"
THRESHOLD = 0.75
NGRAM_RANGE = (1, 3)


def _clean(text: str) -> str:
    t = recache.sub(r"\s+", "", text)
    t = recache.sub(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、])", "", t)
    return recache.sub(r"\d{4}年度?", "", t)


# ---------------------------------------------------------------------------------------------
# training (scikit-learn, imported only here)

def training_rows(folder: Path | None = None) -> list[tuple[str, str]]:
    """(heading, label) pairs from every corpora/sections/*.tsv that has both columns, files in name order."""
    folder = folder or corpora_dir() / "sections"
    rows: list[tuple[str, str]] = []
    for path in sorted(Path(folder).glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            if not reader.fieldnames or not {"heading", "label"} <= set(reader.fieldnames):
                continue
            for r in reader:
                if r.get("heading") and r.get("label"):
                    rows.append((r["heading"].strip(), r["label"].strip()))
    return rows


def train(rows: list[tuple[str, str]] | None = None):
    """The scikit-learn pipeline (TfidfVectorizer + LogisticRegression) fitted on the corpus."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    rows = training_rows() if rows is None else rows
    X = [_clean(h) for h, _ in rows]
    y = [label for _, label in rows]
    model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=NGRAM_RANGE, sublinear_tf=True),
                          LogisticRegression(max_iter=2000, C=8.0))
    model.fit(X, y)
    return model


def export(model) -> dict:
    """What inference needs from a fitted pipeline, as plain JSON-able values (sorted, deterministic)."""
    vec, lr = model.steps[0][1], model.steps[-1][1]
    if vec.analyzer != "char" or not vec.sublinear_tf or vec.norm != "l2" or not vec.use_idf or not vec.lowercase:
        raise ValueError("export supports char n-gram, sublinear, l2-normalised, lowercased tf-idf only")
    coef = lr.coef_
    terms = {}
    for term, col in sorted(vec.vocabulary_.items()):
        terms[term] = [float(vec.idf_[col])] + [float(coef[k, col]) for k in range(coef.shape[0])]
    return {
        "format": FORMAT,
        "ngram_range": list(vec.ngram_range),
        "classes": [str(c) for c in lr.classes_],
        "intercept": [float(b) for b in lr.intercept_],
        "threshold": THRESHOLD,
        "terms": terms,  # n-gram -> [idf, weight for class 0, class 1, …] (one weight when binary)
    }


def dump(exported: dict, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(exported, fh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        fh.write("\n")


def regenerate(path: Path | None = None) -> Path:
    """Train on corpora/sections/ and write models/section_clf.json."""
    path = path or models_dir() / MODEL_NAME
    dump(export(train()), path)
    return path


# ---------------------------------------------------------------------------------------------
# inference (standard library only)

class SectionClassifier:
    """Applies an exported model: the same arithmetic as TfidfVectorizer + LogisticRegression."""

    def __init__(self, exported: dict):
        if exported.get("format") != FORMAT:
            raise ValueError(f"unknown section classifier format {exported.get('format')!r}")
        self.classes: list[str] = exported["classes"]
        self.intercept: list[float] = exported["intercept"]
        self.terms: dict[str, list[float]] = exported["terms"]
        self.min_n, self.max_n = exported["ngram_range"]
        self.threshold: float = exported.get("threshold", THRESHOLD)

    @classmethod
    def load(cls, path: Path) -> "SectionClassifier":
        from ..resources import load_json

        return cls(cast("dict", load_json(path)))

    def _ngrams(self, text: str) -> list[str]:
        text = recache.sub(r"\s\s+", " ", text.lower())
        out = []
        for n in range(self.min_n, min(self.max_n, len(text)) + 1):
            out += [text[i:i + n] for i in range(len(text) - n + 1)]
        return out

    def predict_proba(self, text: str) -> list[float]:
        """Class probabilities of one (already cleaned) text, in the order of ``classes``."""
        counts: dict[str, int] = {}
        for g in self._ngrams(text):
            if g in self.terms:
                counts[g] = counts.get(g, 0) + 1
        feats = {g: (1.0 + math.log(c)) * self.terms[g][0] for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in feats.values()))
        scores = list(self.intercept)
        if norm > 0:
            for g, v in feats.items():
                w = self.terms[g]
                for k in range(len(scores)):
                    scores[k] += v / norm * w[k + 1]
        if len(self.classes) == 2 and len(scores) == 1:  # binary logistic regression
            p = 1.0 / (1.0 + math.exp(-scores[0]))
            return [1.0 - p, p]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, text: str) -> str:
        probs = self.predict_proba(text)
        return self.classes[max(range(len(probs)), key=probs.__getitem__)]

    def __call__(self, heading: str) -> str | None:
        """A heading -> canonical part id, or None when the model is not sure (or says `measures`)."""
        probs = self.predict_proba(_clean(heading))
        best = max(range(len(probs)), key=probs.__getitem__)
        label = self.classes[best]
        if probs[best] >= self.threshold and label != "measures":
            return label
        return None


@lru_cache(maxsize=1)
def load_section_classifier() -> SectionClassifier | None:
    """The shipped classifier (a callable heading -> canonical id or None); None when no model is shipped."""
    path = models_dir() / MODEL_NAME
    if not path.exists():
        return None
    return SectionClassifier.load(path)


def classify_heading(heading: str) -> str | None:
    """The shipped classifier's answer for `heading` (a canonical part id, or None when it is not
    sure or no model is shipped). The model is loaded on the first heading the rules leave to it: a
    report whose headings all name their parts never loads it."""
    clf = load_section_classifier()
    return clf(heading) if clf is not None else None


if __name__ == "__main__":  # pragma: no cover - maintenance command
    print(f"saved {regenerate()}")
