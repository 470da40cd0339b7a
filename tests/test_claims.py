"""Claim extraction cases (tests/fixtures/claims.yml): forms that are claims and forms that are not."""
from pathlib import Path

import pytest
import yaml

from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "claims.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:16] for c in CASES])
def test_claims(case):
    rep = analyse_source(Source(path="c.txt", format="txt", text=case["text"] + "\n"))
    got = [[rep.span(c.nstart, c.nend)["text"], c.value, c.unit, c.approx] for c in rep.claims]
    want = [[str(t), float(v), u, a] for t, v, u, a in case["claims"]]
    assert got == want
