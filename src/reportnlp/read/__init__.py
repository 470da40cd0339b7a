"""Readers: turn a file into a `Source` (plain text, one paragraph a line, plus layout hints).

Step contract: needs a path; adds `Source.text` (the text every reported position points
into), `Source.lines_meta` (per-line style/bold/numbering hints) and `Source.tables`.
"""
from __future__ import annotations

import os

import reportnlp.recache as recache
from ..errors import ReportError
from .source import LineMeta, Source

__all__ = ["LineMeta", "Source", "check_scale", "read_document"]

MAX_BYTES = 50 * 1024 * 1024  # a report larger than this is not a report
# Limits on the text a file yields (docs/GUARANTEES.md). The longest real annual reports have
# about 20 000 characters, a few hundred paragraphs and a few hundred figures; these limits are
# ten times that and keep every check within seconds on an office PC.
MAX_CHARS = 200_000
MAX_LINES = 10_000
MAX_FIGURES = 3_000
# Parts of one list (`其中…`, `分别为…`, or a figure followed by its parts without a cue): a list is
# checked on its first MAX_LIST_PARTS parts, which bounds the work per list (no real list is longer).
MAX_LIST_PARTS = 60
_FIGURE = recache.compile(r"\d+|[零〇一二两三四五六七八九十百千]+[所名人次期场项个家件份条位批篇起宗类支户%]")


def read_document(path: str) -> Source:
    """Read .txt, .docx, .doc or .wps; raise ReportError with a one-line Chinese message."""
    return check_scale(_read(path))


def check_scale(src: Source) -> Source:
    """Refuse a text beyond the limits above with a clear message (a wrongly chosen file must
    not freeze the PC); the work of every later step is bounded by them."""
    text = src.text
    what = None
    if len(text) > MAX_CHARS:
        what = f"文字过多（{len(text) / 10000:.1f} 万字，上限 {MAX_CHARS // 10000} 万字）"
    elif text.count("\n") > MAX_LINES:
        what = f"段落过多（{text.count(chr(10))} 段，上限 {MAX_LINES} 段）"
    else:
        n = sum(1 for _ in _FIGURE.finditer(text))
        if n > MAX_FIGURES:
            what = f"数字过多（约 {n} 个，上限 {MAX_FIGURES} 个）"
    if what:
        raise ReportError(f"文件{what}，不像一份年度报告；如确需检查，请拆分成几个文件", path=src.path)
    return src


# formats no reader here reads, whatever their bytes are
_OTHER_FORMATS = {".pdf", ".ofd", ".xlsx", ".xls", ".et", ".csv", ".pptx", ".ppt", ".dps", ".png", ".jpg",
                  ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".zip", ".rar", ".7z", ".json", ".xml", ".html", ".htm"}


def _read(path: str) -> Source:
    if os.path.islink(path) and not os.path.exists(path):
        raise ReportError("这是一个链接，但它指向的文件不存在", path=path)
    if not os.path.exists(path):
        raise ReportError("文件不存在", path=path)
    if os.path.isdir(path):
        raise ReportError("这是一个文件夹，不是报告文件", path=path)
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReportError(f"无法读取文件（{exc.strerror or exc}）", path=path) from None
    if size == 0:
        raise ReportError("文件为空", path=path)
    if size > MAX_BYTES:
        raise ReportError(f"文件过大（{size // 1024 // 1024} MB），不像一份年度报告", path=path)
    ext = os.path.splitext(path)[1].lower()
    if ext in _OTHER_FORMATS:  # a text file named .pdf would otherwise be checked as text
        raise ReportError(f"不支持 {ext} 文件：请提供 .docx、.doc、.wps 或 .txt 格式的报告"
                          + ("（PDF 可先用 WPS 或 Word 另存为 .docx）" if ext in (".pdf", ".ofd") else ""), path=path)
    if ext in (".doc", ".wps") or head.startswith(b"\xd0\xcf\x11\xe0"):
        from .legacy import read_legacy

        return read_legacy(path, ext.lstrip(".") or "doc")
    if ext == ".docx" or head.startswith(b"PK"):
        from .docx import read_docx

        return read_docx(path)
    from .txt import read_txt

    return read_txt(path)
