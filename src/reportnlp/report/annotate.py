"""`--annotate out.docx`: a copy of the report with one Word review comment per finding.

Each comment is anchored on the exact run(s) of the flagged words: runs are split where a
finding starts or ends inside one (formatting kept). Findings without a position (a missing
part) are anchored on the title or the first paragraph. For a .txt input a new .docx of the
text is written with the same comments. The input file is never modified.
"""
from __future__ import annotations

import copy
import io

import docx
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

import reportnlp.recache as recache
from ..errors import ReportError
from ..outpath import write_atomic
from ..read.docx import docx_elements, open_docx, walk

AUTHOR = "reportnlp"


def _split_run(run: Run, k: int) -> Run:
    """Split `run` at character k; returns the new run holding text[k:] (same formatting)."""
    text = run.text
    new_r = copy.deepcopy(run._r)
    run._r.addnext(new_r)
    new_run = Run(new_r, run._parent)
    run.text = text[:k]
    new_run.text = text[k:]
    return new_run


def runs_for_span(paragraph, a: int, b: int) -> list[Run]:
    """Runs covering exactly paragraph.text[a:b], splitting runs at the boundaries."""
    if b <= a:
        b = a + 1
    runs = [r for r in paragraph.runs]
    pos = 0
    out: list[Run] = []
    i = 0
    while i < len(runs):
        r = runs[i]
        t = r.text
        rs, re_ = pos, pos + len(t)
        if re_ <= a or not t:
            pos = re_
            i += 1
            continue
        if rs >= b:
            break
        if rs < a < re_:
            r2 = _split_run(r, a - rs)
            runs.insert(i + 1, r2)
            pos = a
            i += 1
            continue
        if rs < b < re_:
            r2 = _split_run(r, b - rs)
            runs.insert(i + 1, r2)
            out.append(r)
            break
        out.append(r)
        pos = re_
        i += 1
    return out


# characters XML 1.0 cannot hold (NUL, form feed, vertical tab, U+FFFE …): one U+FFFD each, so
# every offset of the text still points at the same place in the Word copy
_NOT_XML = recache.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(s: str) -> str:
    return _NOT_XML.sub("\ufffd", s)


def _txt_to_docx(text: str):
    d = docx.Document()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    for ln in lines:
        d.add_paragraph(xml_safe(ln))
    return d


def _anchors(document, is_txt: bool):
    if is_txt:
        return [("p", p, 0) for p in document.paragraphs]
    out: list = []
    for _t, _m, anchor in walk(*docx_elements(document)):  # elements: wrapped for python-docx's editing
        if anchor[0] == "p":
            out.append(("p", Paragraph(anchor[1], document), anchor[2]))
        else:
            out.append(("row", [(off, _Cell(tc, document)) for off, tc in anchor[1]]))
    return out


def _comment_text(f) -> str:
    return xml_safe(f"[{f.code} {f.rule}] {f.message}")


def annotate_report(rep, target: str) -> int:
    """Write the annotated copy; returns the number of comments."""
    src = rep.source
    is_txt = src.format == "txt"
    if is_txt:
        document = _txt_to_docx(src.text)
    else:
        document = open_docx(io.BytesIO(src.docx_data), src.path) if src.docx_data else open_docx(src.docx_path or src.path)
    anchors = _anchors(document, is_txt)
    first = None
    for kind, *rest in anchors:
        if kind == "p" and rest[0].runs:
            first = rest[0]
            break
    n = 0
    for f in rep.findings:
        p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
        runs = None
        if p["start"] is not None and p["line"] and p["line"] <= len(anchors):
            ls = src.text.rfind("\n", 0, p["start"]) + 1
            a, b = p["start"] - ls, p["end"] - ls
            line_len = src.text.find("\n", ls)
            if line_len >= 0:
                b = min(b, line_len - ls)
            anchor = anchors[p["line"] - 1]
            if anchor[0] == "p":
                para, label_len = anchor[1], anchor[2]
                a2, b2 = max(0, a - label_len), max(1, b - label_len)
                run_text = "".join(r.text for r in para.runs)
                if run_text != para.text:
                    # hyperlinks or fields hold part of the text outside paragraph.runs: find the words
                    k = run_text.find(p["text"] or "")
                    a2, b2 = (k, k + len(p["text"])) if k >= 0 and p["text"] else (0, len(run_text))
                runs = runs_for_span(para, a2, b2) or None
            else:
                for off, cell in reversed(anchor[1]):
                    if a >= off:
                        want = p["text"]
                        for para in cell.paragraphs:
                            k = para.text.find(want)
                            if k >= 0:
                                runs = runs_for_span(para, k, k + len(want))
                                break
                        break
        if not runs:
            if first is None:
                continue
            runs = [first.runs[0]] if first.runs else None
            if not runs:
                continue
        document.add_comment(runs, text=_comment_text(f), author=AUTHOR, initials="RN")
        n += 1
    buf = io.BytesIO()
    document.save(buf)
    try:
        write_atomic(target, buf.getvalue())  # a link at the target is replaced, never followed
    except ReportError as exc:
        raise ReportError(exc.message.replace("无法写出文件", "无法写出批注文件")) from None
    return n
