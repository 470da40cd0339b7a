"""Compare read_docx (no python-docx) with the reading through python-docx (its Document and the same
walker): the outcome of each, a Source's fields or the error's one line."""
from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reportnlp.errors import ReportError
from reportnlp.read import docx as rd

W = rd.W


def outcome(read, path: str):
    try:
        s = read(path)
    except ReportError as exc:
        return ("error", str(exc))
    return ("ok", s.path, s.format, s.docx_path, s.text, s.lines_meta)


def via_python_docx(path: str, read=None):
    """read_docx (or `read`, the real one) with the python-docx reading forced: what read_docx did
    before issue #28."""
    def unusual(*_a):
        raise rd._Unusual("forced by the test")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rd, "_fast_elements", unusual)
        return outcome(read or rd.read_docx, path)


def result(f):
    try:
        return ("ok", f())
    except Exception as exc:  # noqa: BLE001
        return ("raised", type(exc).__name__)


def assert_text_model(document) -> None:
    """The walker's helpers on python-docx's own elements give what python-docx's objects give."""
    body = getattr(document.element, "body", None)
    if body is None:  # no w:document root, or no w:body: read_docx's outcome was compared
        return
    for p in body.iter(qn("w:p")):
        para = Paragraph(p, document)
        assert rd.paragraph_text(p) == para.text
        runs = para.runs
        assert [rd.run_text(r) for r in p.findall(W + "r")] == [run.text for run in runs]
        for run in runs:
            assert result(lambda run=run: rd.run_bold(run._r)) == result(lambda run=run: run.bold)
    for tbl in body.iter(qn("w:tbl")):
        table = Table(tbl, document)
        rows = table.rows
        assert len(rows) == len(tbl.findall(W + "tr"))
        for row in rows:
            tr = row._tr
            assert result(lambda tr=tr: rd.row_cells(tr)) == result(lambda row=row: [c._tc for c in row.cells])
            for tc in tr.findall(W + "tc"):
                assert rd.cell_text(tc) == _Cell(tc, table).text


def crosschecked(real):
    """`real` (read_docx) that asserts, on every call, that python-docx reads the same."""
    def read_docx(path):
        got = outcome(real, path)
        assert got == via_python_docx(path, real), f"the two .docx readers differ on {path}"
        if got[0] == "ok":
            assert_text_model(docx.Document(path))
        return real(path)  # the Source, or the same error again

    return read_docx
