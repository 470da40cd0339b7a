"""The section classifier shipped in models/ is the one its corpus trains (retrain when editing it)."""
import csv

from reportnlp.resources import corpora_dir, models_dir
from reportnlp.segment import classifier as C


def test_shipped_model_matches_its_corpus(tmp_path):
    fresh = C.train()
    path = tmp_path / "m.skops"
    C.save(fresh, path)
    reloaded = C.load(path)
    shipped = C.load(models_dir() / C.MODEL_NAME)
    with open(corpora_dir() / "sections" / "headings.tsv", encoding="utf-8") as fh:
        texts = [C._clean(r["heading"]) for r in csv.DictReader(fh, delimiter="\t")]
    assert list(shipped.predict(texts)) == list(reloaded.predict(texts))
    assert (shipped.predict(texts) == fresh.predict(texts)).mean() == 1.0


def test_classifier_is_conservative():
    clf = C.load_section_classifier()
    assert clf("二、不足之处") == "shortcomings"
    for topical in ("一、加强队伍建设", "（三）规范办学行为", "二、坚持依法行政"):
        assert clf(topical) is None
