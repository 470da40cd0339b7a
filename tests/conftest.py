import csv
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def shared_dir():
    if not (SHARED / "devset").is_dir():
        pytest.skip("../shared (devset and seeds) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def law_titles() -> list[dict]:
    """Rows of ../shared/reference/law_titles.tsv (the reference list of national laws and regulations
    with their in-force flag); the test is skipped when the folder is not beside the checkout."""
    path = Path(os.environ.get("REPORTNLP_SHARED") or SHARED) / "reference" / "law_titles.tsv"
    if not path.is_file():
        pytest.skip("../shared/reference/law_titles.tsv is not beside this checkout")
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("REPORTNLP_DEBUG", raising=False)
    yield


@pytest.fixture(autouse=True)
def _docx_crosscheck(monkeypatch):
    """REPORTNLP_DOCX_CROSSCHECK=1: every .docx any test reads is read by python-docx too, and the two
    readings must be the same (issue #28; tests/test_docx_reader.py does this for the documents it
    knows)."""
    if os.environ.get("REPORTNLP_DOCX_CROSSCHECK"):
        from docxcompare import crosschecked
        from reportnlp.read import docx as rd

        monkeypatch.setattr(rd, "read_docx", crosschecked(rd.read_docx))
    yield


def reportnlp_cmd():
    exe = Path(sys.executable).parent / "reportnlp"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "reportnlp.cli"]
