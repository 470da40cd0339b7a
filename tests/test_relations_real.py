"""The arithmetic checks on passages written from real reports of many kinds of bureau (issue 25).

Every consistent text raises no RN201–RN207 error or warning, every one-figure mutant raises one,
every must-not text (subsets, approximate or unfinished lists, no relation) raises none. The
fixtures are tests/fixtures/relations_real/*.yaml; scripts/eval_relations.py prints the figures.
"""
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from eval_relations import alarms, analyse, found, load_cases, mutate, new_alarms  # noqa: E402

CASES = load_cases()


def test_enough_cases_from_enough_kinds_of_bureau():
    pairs = [c for c in CASES if "mutant" in c]
    assert len(pairs) >= 80 and len({c["kind"] for c in pairs}) >= 8
    assert len([c for c in CASES if c.get("must_not")]) >= 15
    families = {c["family"] for c in CASES}
    assert {"其中", "分别为", "bracket", "按分", "table", "chain", "unit-class", "approximate", "incomplete",
            "rate", "subset"} <= families
    for c in pairs:  # a mutant changes one figure: the replaced words differ only in digits
        old, new = (str(x) for x in c["mutant"])
        assert old != new and mutate(c) != c["text"], c["id"]
        assert re.sub(r"\d+", "#", old) == re.sub(r"\d+", "#", new), c["id"]  # only the figure changes


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("must_not")], ids=lambda c: c["id"])
def test_consistent_text_and_its_mutant(case):
    rep = analyse(case["text"])
    _no_alarm_unless_known(case, rep)
    if ("total" in case or "rate" in case) and not case.get("known_miss"):  # a known miss may miss its relation too
        assert found(case, rep), [(ch.kind, ch.verdict, ch.json_fields()) for ch in rep.checks]
    if "mutant" in case:
        mrep = analyse(mutate(case))
        if case.get("known_miss"):  # measured and reported by scripts/eval_relations.py; must stay a miss until fixed
            assert not new_alarms(rep, mrep), "fixed: drop known_miss from the fixture"
            return
        assert new_alarms(rep, mrep), [(ch.kind, ch.verdict, ch.json_fields()) for ch in mrep.checks]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("must_not")], ids=lambda c: c["id"])
def test_must_not_text(case):
    _no_alarm_unless_known(case, analyse(case["text"]))


def _no_alarm_unless_known(case, rep):
    if case.get("known_false_alarm"):  # counted as a false alarm by scripts/eval_relations.py; must fire until fixed
        assert alarms(rep), "fixed: drop known_false_alarm from the fixture"
    else:
        assert not alarms(rep), [f.message for f in alarms(rep)]


def test_structure_features_do_not_see_the_arithmetic():
    """A candidate's features are the same whether its figures add up or not."""
    from reportnlp.check.relations.structure import candidates

    text = "全县共有各类学校203所。其中，幼儿园91所；小学82所；初中19所，九年一贯制学校6所，特教学校1所，职业学校3所，进修学校1所。"
    rep_a, rep_b = analyse(text), analyse(text.replace("小学82所", "小学83所"))
    fa = [c.feats for c in candidates(rep_a.claims, rep_a.norm.text)]
    fb = [c.feats for c in candidates(rep_b.claims, rep_b.norm.text)]
    assert fa and fa == fb


def test_structure_scorer_prefers_the_list_the_wording_closes():
    from reportnlp.check.relations.structure import candidates, load_scorer

    scorer = load_scorer()
    assert scorer is not None, "models/structure_scorer.json is missing"
    rep = analyse("全县共有各类学校203所。其中，幼儿园91所；小学82所；初中19所，九年一贯制学校6所，特教学校1所，职业学校3所，进修学校1所。")
    cands = [c for c in candidates(rep.claims, rep.norm.text) if c.total.value == 203]
    best = max(cands, key=lambda c: scorer(c.feats))
    assert len(best.parts) == 7 and scorer(best.feats) >= scorer.threshold
    assert all(scorer(c.feats) < scorer(best.feats) for c in cands if len(c.parts) < 7)


def test_structure_scorer_is_fresh_and_plain_python_matches_sklearn():
    import json

    from reportnlp.check.relations.structure import MODEL_NAME, StructureScorer
    from reportnlp.resources import models_dir
    from train_structure_scorer import build, dataset, export, fit_sklearn, load_passages

    shipped = json.loads((models_dir() / MODEL_NAME).read_text(encoding="utf-8"))
    assert shipped == build(), "models/structure_scorer.json is stale: run python scripts/train_structure_scorer.py"
    rows, _ = dataset(load_passages())
    vec, clf = fit_sklearn(rows)
    ours = StructureScorer(export(vec, clf))
    want = clf.predict_proba(vec.transform([r[2] for r in rows]))[:, 1]
    assert max(abs(ours(r[2]) - w) for r, w in zip(rows, want)) < 1e-4
