"""Held-out precision/recall of the structure scorer, one bureau kind left out at a time.

    python bench/bench_structure.py

For each kind of bureau in corpora/relations/passages.yaml the scorer is trained on the other
kinds and judges the held-out kind's candidates. Printed:
  candidates  precision / recall of `score >= threshold` against the annotation
  relations   annotated relations whose true candidate the generator produced (generator recall),
              and whose true candidate is the best-scored one for its parts (scorer top-1)
  none        passages annotated `none` where some candidate still scores >= threshold
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from train_structure_scorer import dataset, fit, load_passages  # noqa: E402

from reportnlp.check.relations.structure import StructureScorer  # noqa: E402


def main() -> None:
    passages = load_passages()
    rows, relations = dataset(passages)
    kinds = sorted({p["kind"] for p in passages})
    tp = fp = fn = 0
    gen_hit = top1 = n_rel = 0
    none_alarm = none_n = 0
    per_kind = []
    for kind in kinds:
        train = [r for r in rows if r[0] != kind]
        test = [r for r in rows if r[0] == kind]
        scorer = StructureScorer(fit(train))
        k_tp = k_fp = k_fn = 0
        for _k, _i, feats, label, _c in test:
            hit = scorer(feats) >= scorer.threshold
            k_tp += hit and label
            k_fp += hit and not label
            k_fn += (not hit) and label
        tp, fp, fn = tp + k_tp, fp + k_fp, fn + k_fn
        by_passage = defaultdict(list)
        for _k, i, feats, label, c in test:
            by_passage[i].append((scorer(feats), label, c))
        for rel in (r for r in relations if r["kind"] == kind):
            n_rel += 1
            cands = by_passage.get(rel["i"], [])
            true = [x for x in cands if x[1] and x[2].total is rel["total"]]
            if true:
                gen_hit += 1
                # rivals: candidates sharing the true list's first part (other totals, other ends)
                first = true[0][2].parts[0]
                rivals = [x for x in cands if first in x[2].parts]
                if max(rivals, key=lambda x: x[0])[1]:
                    top1 += 1
        for i in {r[1] for r in test}:
            if passages[i]["rels"] == "none":
                none_n += 1
                none_alarm += any(s >= scorer.threshold for s, _l, _c in by_passage[i])
        per_kind.append((kind, k_tp, k_fp, k_fn))
    print(f"corpus: {len(passages)} passages, {len(kinds)} kinds of bureau, {len(rows)} candidates, "
          f"{sum(r[3] for r in rows)} true")
    for kind, a, b, c in per_kind:
        p = a / (a + b) if a + b else 1.0
        r = a / (a + c) if a + c else 1.0
        print(f"  held out {kind:<6} precision {p:.2f}  recall {r:.2f}  ({a} tp, {b} fp, {c} fn)")
    P = tp / (tp + fp) if tp + fp else 1.0
    R = tp / (tp + fn) if tp + fn else 1.0
    print(f"candidates held out by kind: precision {P:.3f}  recall {R:.3f}  ({tp} tp, {fp} fp, {fn} fn)")
    print(f"relations: generator produced the true candidate {gen_hit}/{n_rel}; scorer ranks it first {top1}/{gen_hit}")
    print(f"passages without a relation where a candidate scores >= threshold: {none_alarm}/{none_n}")


if __name__ == "__main__":
    main()
