"""The section classifier: the shipped JSON model is what its corpus trains, and the standard-library
inference predicts what scikit-learn predicts (labels and probabilities)."""
import subprocess
import sys
from pathlib import Path

import yaml

from reportnlp.resources import models_dir
from reportnlp.segment import classifier as C

FIXTURES = Path(__file__).parent / "fixtures"


def _fixture_texts() -> list[str]:
    """Every line of the segmentation fixtures and the example report: headings, topics and body text."""
    texts = []
    for case in yaml.safe_load((FIXTURES / "segment.yml").read_text(encoding="utf-8")):
        texts += [s for s in case["text"].split("\n") if s.strip()]
    example = Path(__file__).resolve().parents[1] / "examples" / "report_2025.txt"
    texts += [s for s in example.read_text(encoding="utf-8").split("\n") if s.strip()]
    # odd inputs: empty after cleaning, unseen script, long whitespace runs, upper-case Latin
    texts += ["", "一、", "   ", "ＡＢＣ Report  Part", "其他  需要\t报告的情况", "五、其他事项"]
    return texts


def test_shipped_model_is_what_the_corpus_trains(tmp_path):
    """Same classes, vocabulary and weights (to float noise of another BLAS); regeneration is deterministic."""
    import json
    import math

    fresh = C.export(C.train())
    shipped = json.loads((models_dir() / C.MODEL_NAME).read_text(encoding="utf-8"))
    stale = "models/section_clf.json is stale: run python scripts/train_section_classifier.py"
    assert (shipped["classes"], shipped["ngram_range"], shipped["format"]) == (
        fresh["classes"], fresh["ngram_range"], fresh["format"]), stale
    assert shipped["terms"].keys() == fresh["terms"].keys(), stale
    for term, vals in fresh["terms"].items():
        assert all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) for a, b in zip(vals, shipped["terms"][term])), stale
    assert all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) for a, b in zip(fresh["intercept"], shipped["intercept"]))
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    C.dump(fresh, one)
    C.dump(C.export(C.train()), two)
    assert one.read_bytes() == two.read_bytes()


def test_same_predictions_as_scikit_learn():
    model = C.train()
    ours = C.SectionClassifier.load(models_dir() / C.MODEL_NAME)
    texts = [C._clean(h) for h, _ in C.training_rows()] + [C._clean(t) for t in _fixture_texts()]
    assert len(texts) > 100
    want_labels = list(model.predict(texts))
    want_proba = model.predict_proba(texts)
    assert list(model.classes_) == ours.classes
    for text, label, proba in zip(texts, want_labels, want_proba):
        assert ours.predict(text) == label, text
        got = ours.predict_proba(text)
        assert max(abs(a - b) for a, b in zip(got, proba)) < 1e-9, text


def test_training_labels_are_recovered():
    clf = C.SectionClassifier.load(models_dir() / C.MODEL_NAME)
    rows = C.training_rows()
    right = sum(clf.predict(C._clean(h)) == label for h, label in rows)
    assert right == len(rows)


def test_classifier_is_conservative():
    clf = C.load_section_classifier()
    assert clf("二、不足之处") == "shortcomings"
    for topical in ("一、加强队伍建设", "（三）规范办学行为", "二、坚持依法行政"):
        assert clf(topical) is None


def test_model_file_is_data_not_code():
    """Reading the model runs no unpickling and needs neither scikit-learn nor numpy."""
    code = ("import sys; from reportnlp.segment.classifier import load_section_classifier as L; "
            "c = L(); assert c is not None and c('二、不足之处') == 'shortcomings'; "
            "print(','.join(m for m in ('sklearn', 'numpy', 'scipy', 'skops', 'pickle') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
