"""Train the structure scorer on corpora/relations/passages.yaml and write models/structure_scorer.json.

    python scripts/train_structure_scorer.py

Every passage is read by the checker's own claim extraction; the candidate generator
(check/relations/structure.py) lists the structures its wording allows; a candidate is true when
its total and parts are the annotated ones. A logistic regression (scikit-learn, training only)
learns from the language features — never from whether the figures add up. Deterministic: the
same corpus gives a byte-identical file. bench/bench_structure.py measures it held out by bureau kind.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

CORPUS = ROOT / "corpora" / "relations" / "passages.yaml"
OUT = ROOT / "models" / "structure_scorer.json"


def load_passages(path: Path = CORPUS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]


def _claims(text: str):
    from reportnlp.cli import Config
    from reportnlp.pipeline import analyse_source
    from reportnlp.read import Source

    rep = analyse_source(Source(path="p.txt", format="txt", text=text), config=Config(year=2024))
    return rep.claims, rep.norm.text


def _find(claims, ref: str):
    words, _, nth = str(ref).partition("@")
    hits = [c for c in claims if c.text.replace(" ", "") == words]
    k = int(nth or 1) - 1
    return hits[k] if k < len(hits) else None


def dataset(passages: list[dict]):
    """Rows (kind, passage index, features, label) and the annotated relations with their candidates."""
    from reportnlp.check.relations.structure import candidates

    rows, relations = [], []
    for i, p in enumerate(passages):
        claims, text = _claims(p["text"])
        cands = candidates(claims, text)
        gold = []
        for rel in ([] if p["rels"] == "none" else p["rels"]):
            t = _find(claims, rel[0])
            parts = [_find(claims, x) for x in rel[1]]
            gold.append((t, parts))
            relations.append({"kind": p["kind"], "i": i, "found": t is not None and None not in parts,
                              "total": t, "parts": parts})
        for c in cands:
            ok = any(t is c.total and [id(x) for x in parts] == [id(x) for x in c.parts] for t, parts in gold)
            rows.append((p["kind"], i, c.feats, int(ok), c))
    return rows, relations


def fit_sklearn(rows):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=False)
    X = vec.fit_transform([r[2] for r in rows])
    y = [r[3] for r in rows]
    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced", random_state=0)
    clf.fit(X, y)
    return vec, clf


def export(vec, clf) -> dict:
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])}
    return {"weights": dict(sorted(weights.items())), "intercept": round(float(clf.intercept_[0]), 6), "threshold": 0.5}


def fit(rows) -> dict:
    return export(*fit_sklearn(rows))


def build(passages: list[dict] | None = None) -> dict:
    """The model file's content for a corpus (deterministic)."""
    passages = passages or load_passages()
    rows, _relations = dataset(passages)
    model = fit(rows)
    model["trained_on"] = {"passages": len(passages), "candidates": len(rows), "true": sum(r[3] for r in rows),
                           "kinds": sorted({p["kind"] for p in passages})}
    model["features"] = "language only (cue, position, punctuation, unit class, labels, list end); never the arithmetic"
    return model


def main() -> None:
    passages = load_passages()
    model = build(passages)
    OUT.parent.mkdir(exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(model, fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.write("\n")
    print(f"trained on {len(passages)} passages, {model['trained_on']['candidates']} candidates ({model['trained_on']['true']} true); "
          f"saved {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
