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


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("REPORTNLP_DEBUG", raising=False)
    yield


def reportnlp_cmd():
    exe = Path(sys.executable).parent / "reportnlp"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "reportnlp.cli"]
