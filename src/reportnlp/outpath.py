"""Where outputs may be written: never onto an input, never silently over another output.

Every command that writes a file (check -o / --annotate, draft, suggest --annotate, compare)
asks `guard_output` first. Paths are compared after resolving links (`os.path.realpath`) and,
for files that exist, by identity (`os.path.samefile`, which also catches hard links). Files are
written through a temporary file in the same folder and `os.replace`, so a link at the target
is replaced by the new file, never followed into the file it points to.
"""
from __future__ import annotations

import os
import tempfile

from .errors import ReportError


def same_file(a: str, b: str) -> bool:
    """True when a and b are the same file, through symbolic or hard links."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def guard_output(target: str, inputs, force: bool = False) -> None:
    """Raise ReportError unless `target` may be written: not an input (links resolved), not an
    existing file unless `force`, and in a folder that exists."""
    for src in inputs:
        if src and same_file(target, src):
            raise ReportError("输出文件不能与输入文件相同（含链接指向输入文件的情况），不会覆盖原文件", path=target)
    if os.path.isdir(target):
        raise ReportError("输出路径是一个文件夹，请给出文件名", path=target)
    if (os.path.exists(target) or os.path.islink(target)) and not force:
        raise ReportError("输出文件已存在；如需替换请加 --force", path=target)
    parent = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(parent):
        raise ReportError("输出目录不存在", path=target)


def distinct_name(folder: str, stem: str, suffix: str, taken: set[str]) -> str:
    """`folder/stem+suffix`, or `stem-2+suffix`, `stem-3+suffix` … when an earlier output of the
    same run already took that name (two inputs a/r.docx and b/r.docx into one folder)."""
    n = 1
    while True:
        name = os.path.join(folder, f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        key = os.path.realpath(name)
        if key not in taken:
            taken.add(key)
            return name
        n += 1


def write_atomic(target: str, data: bytes | str, encoding: str = "utf-8", durable: bool = True) -> None:
    """Write via a temporary file and os.replace (a link at `target` is replaced, not followed).
    Any OS failure (read-only folder, disk full, no permission) is one ReportError; the old file
    at `target`, if any, is left as it was. `durable`: the data reaches the disk (fsync) before the
    file takes its name; without it a power cut may leave the new name on an empty file (for the
    many pages of a batch, which a re-run writes again: an fsync a page is ~1.5 ms on an SSD and
    ~10 ms on a disk, 30 s for 3,000 reports)."""
    folder = os.path.dirname(os.path.abspath(target)) or "."
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".reportnlp-", dir=folder)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; an output gets the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode(encoding) if isinstance(data, str) else data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise ReportError(f"无法写出文件（{os_reason(exc)}）", path=target) from None


def os_reason(exc: BaseException) -> str:
    """Why a write failed, in the user's words: an OSError by its errno, a database error (DuckDB
    reports a full disk only in its message) by its text."""
    import errno

    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "Read-only file system" in text or "Permission denied" in text:
        return "文件夹只读或没有写入权限"
    if code in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text or "Disk quota" in text:
        return "磁盘已满"
    return getattr(exc, "strerror", None) or text[:120]


def write_output(target: str, data: bytes | str, inputs, force: bool = False) -> None:
    """The one guarded writer: refuse `target` when it is an input (report, data, previous,
    template; links resolved) or an existing file without `force`, then write atomically."""
    guard_output(target, inputs, force)
    write_atomic(target, data)


# The one guard of every spreadsheet a command writes (CSV and XLSX): a text starting with one
# of these would be evaluated by Excel/WPS (=HYPERLINK(…), +1+1, -2+3, @SUM, a leading tab or CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    return isinstance(value, str) and value[:1] in FORMULA_START


def safe_cell_text(value):
    """A text that a spreadsheet program would evaluate (=HYPERLINK(…), +1+1, @SUM, -2+3, a
    leading tab or CR) gets a leading single quote, as OWASP advises for CSV (the same texts
    summary.xlsx stores as quoted text cells); numbers and other values are returned unchanged."""
    if formula_like(value):
        return "'" + value
    return value


def text_cell(ws, value):
    """A cell value for openpyxl's streaming writer: a text that would start a formula becomes a
    text cell shown as typed (quotePrefix, kept so after editing the cell); other values as given."""
    if formula_like(value):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def write_xlsx(target: str, sheets: dict, inputs=(), force: bool = True) -> None:
    """An .xlsx of one sheet per entry (`{sheet name: rows}`, each row a list of values, the first
    the header) through the guarded atomic writer; openpyxl's streaming writer (no pandas), every
    text that would start a formula stored as text (`text_cell`): the file holds no formula."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append([text_cell(ws, v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    write_output(target, buf.getvalue(), inputs, force)


def write_csv(target: str, header: list[str], rows, inputs, force: bool = True) -> None:
    """A UTF-8 (BOM, for Excel/WPS) CSV through the guarded atomic writer; every text cell that
    would start a formula is neutralised (`safe_cell_text`)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe_cell_text(h) for h in header])
    for row in rows:
        w.writerow(["" if v is None else safe_cell_text(v) for v in row])
    write_output(target, "\ufeff" + buf.getvalue(), inputs, force)
