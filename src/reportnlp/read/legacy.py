"""Legacy .doc / .wps: converted to .docx with LibreOffice headless when it is installed.

Only a real Word 97-2003 / WPS file (an OLE2 compound file) or an RTF file reaches LibreOffice, and
only when it has no field or object that makes the converter fetch another file (a linked picture
`INCLUDEPICTURE "http://…"`, `INCLUDETEXT`, `LINK`, `IMPORT`, DDE, a linked object, an attached
template): LibreOffice would fetch those from the network while converting. A web page, XML
(flat ODT, Word 2003 XML), MHT or text file named .doc is refused before conversion; a .docx named
.doc is read as the .docx it is.
"""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import reportnlp.recache as recache
from ..errors import ReportError
from .source import Source


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
ZIP_MAGIC = b"PK\x03\x04"
# field instructions that make Word or LibreOffice read another file or address (field codes start
# after the character 0x13 in a binary .doc, after \fldinst in RTF)
_FETCH_FIELDS = r"(?:includepicture|includetext|link|import|ddeauto|dde)(?![a-z])"
_OLE_FIELD = recache.compile(r"\x13\s*" + _FETCH_FIELDS, re.I)
_RTF_FIELD = recache.compile(r"\\fldinst(?:\s|\\[a-z]+-?\d* ?)*" + _FETCH_FIELDS + r"|(?<![a-z])(?:includepicture|includetext|ddeauto)(?![a-z])"
                        r"|\\(?:objautlink|objlink|template)(?![a-z])", re.I)
_RTF_HEX = recache.compile(rb"\\'([0-9a-fA-F]{2})")
_RTF_UNICODE = recache.compile(rb"\\u(-?\d+) ?(?:\\'[0-9a-fA-F]{2}|[^\\{}])?")
_KINDS = ((recache.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<table|<div|<p[\s>])", re.I), "网页（HTML）"),
          (recache.compile(rb"^\s*<\?xml|^\s*<[a-z_:]", re.I), "XML 文档"),
          (recache.compile(rb"^\s*mime-version:", re.I), "网页存档（MHT）"))


def _rtf_text(data: bytes) -> str:
    """RTF with its escapes undone and its group braces dropped, so `INCLUDE{}PICTURE`,
    `\\'49NCLUDEPICTURE` or `\\u73?NCLUDEPICTURE` read as the field they are."""
    data = _RTF_UNICODE.sub(lambda m: chr(int(m.group(1)) % 65536).encode("utf-8", "replace"), data)
    data = _RTF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    data = recache.sub(rb"[{}]|\\\*|\r|\n", b"", data)
    return data.decode("latin-1")


def _fetches(data: bytes, rtf: bool) -> bool:
    if rtf:
        return bool(_RTF_FIELD.search(_rtf_text(data)))
    texts = [data.decode("latin-1"), data.decode("utf-16-le", "ignore"), data[1:].decode("utf-16-le", "ignore")]
    return any(_OLE_FIELD.search(t) for t in texts)


def refuse_unsafe(path: str, fmt: str) -> bool:
    """Raise ReportError unless the file may be given to LibreOffice; return True when it is really
    a .docx (read directly, no conversion)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ReportError(f"无法读取文件（{exc.strerror or exc}）", path=path) from None
    save_as = "：请用 Word 或 WPS 打开后另存为 .docx 再检查"
    if data.startswith(ZIP_MAGIC):
        return True
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if not (data.startswith(OLE2_MAGIC) or head.startswith(RTF_MAGIC)):
        kind = next((k for pattern, k in _KINDS if pattern.search(head)), "其他格式")
        raise ReportError(f"扩展名是 .{fmt}，但内容不是 Word 97-2003 / WPS 文档（是{kind}）{save_as}", path=path)
    if _fetches(data, head.startswith(RTF_MAGIC)):
        raise ReportError(f"文件含有指向外部文件或网址的链接（如链接图片、引用其他文件的域），"
                          f"出于安全原因不做转换{save_as}", path=path)
    return False


def read_legacy(path: str, fmt: str) -> Source:
    from .docx import read_docx

    if refuse_unsafe(path, fmt):  # a .docx named .doc: nothing to convert
        return read_docx(path)
    exe = find_soffice()
    if exe is None:
        raise ReportError(
            f".{fmt} 文件需要 LibreOffice 转换：请安装 LibreOffice（如 apt-get install libreoffice-writer）后重试，或另存为 .docx",
            path=path,
        )

    with tempfile.TemporaryDirectory(prefix="reportnlp-") as tmp:
        # each conversion has its own LibreOffice profile: parallel instances sharing the
        # user profile fail (compare -j)
        profile = pathlib.Path(tmp, "profile").as_uri()
        try:
            subprocess.run(
                [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                 "--outdir", tmp, os.path.abspath(path)],
                capture_output=True, timeout=180, check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            raise ReportError("LibreOffice 转换失败或超时", path=path) from None
        out = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".docx")
        if not os.path.exists(out):
            raise ReportError("LibreOffice 无法转换该文件（文件可能已损坏）", path=path)
        src = read_docx(out)
        with open(out, "rb") as fh:
            src.docx_data = fh.read()  # the annotator opens this after the temporary folder is gone
    src.path = path
    src.format = fmt
    src.docx_path = None
    return src
