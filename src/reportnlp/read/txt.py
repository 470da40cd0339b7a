"""Plain-text reader: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with BOM."""
from __future__ import annotations

from ..errors import ReportError
from .source import Source


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Never guesses silently wrong: tries strict decodings in order."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("unknown", data, 0, 1, "no encoding fits")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return ctrl > len(sample) * 0.05


def read_txt(path: str) -> Source:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ReportError(f"无法读取文件（{exc.strerror or exc}）", path=path) from None
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _looks_binary(data):
        raise ReportError("文件是二进制数据，不是文本或 Word 文档", path=path)
    try:
        text, enc = decode_bytes(data)
    except UnicodeDecodeError:
        raise ReportError("无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）", path=path) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReportError("文件没有文字内容", path=path)
    return Source(path=path, format="txt", text=text, encoding=enc)
