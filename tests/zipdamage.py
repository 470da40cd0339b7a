"""Build damaged zip archives byte by byte: a garbled compressed stream, an unknown compression
method written into both the local header and the central directory, a member stored with LZMA."""
from __future__ import annotations

import io
import struct
import zipfile

UNKNOWN_METHOD = 77  # no zip reader knows this compression method


def rebuild(src: bytes, replace: dict[str, bytes] | None = None, compress: dict[str, int] | None = None,
            add: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """A copy of the zip `src` with members replaced, added, dropped or compressed another way."""
    replace, compress, add = replace or {}, compress or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data, compress_type=compress.get(info.filename, zipfile.ZIP_DEFLATED))
        for name, data in add.items():
            zout.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _local(buf: bytes, member: str) -> tuple[int, int, int]:
    """(local header offset, data start, compressed size) of a member."""
    with zipfile.ZipFile(io.BytesIO(buf)) as z:
        info = z.getinfo(member)
    off = info.header_offset
    n, m = struct.unpack("<HH", buf[off + 26:off + 30])
    return off, off + 30 + n + m, info.compress_size


def garble(src: bytes, member: str, lzma: bool = False) -> bytes:
    """Flip 64 bytes a third of the way into the member's compressed data (deflate, or LZMA when
    the member was stored with LZMA: its 4-byte properties header is kept)."""
    buf = bytearray(src)
    _off, start, size = _local(src, member)
    a = start + (4 if lzma else 0) + size // 3
    for k in range(a, min(a + 64, start + size)):
        buf[k] ^= 0xFF
    return bytes(buf)


def unknown_method(src: bytes, member: str) -> bytes:
    """Write an unknown compression method into the member's local and central headers."""
    buf = bytearray(src)
    off, _start, _size = _local(src, member)
    buf[off + 8:off + 10] = struct.pack("<H", UNKNOWN_METHOD)
    i = 0
    while (i := bytes(buf).find(b"PK\x01\x02", i)) >= 0:
        ln = struct.unpack("<H", buf[i + 28:i + 30])[0]
        if bytes(buf[i + 46:i + 46 + ln]).decode("utf-8", "replace") == member:
            buf[i + 10:i + 12] = struct.pack("<H", UNKNOWN_METHOD)
        i += 4
    return bytes(buf)


def damaged(src: bytes, member: str, how: str) -> bytes:
    """`how`: "deflate" (garbled deflate stream), "lzma" (garbled LZMA stream), "method" (unknown method)."""
    if how == "deflate":
        return garble(rebuild(src), member)
    if how == "lzma":
        return garble(rebuild(src, compress={member: zipfile.ZIP_LZMA}), member, lzma=True)
    if how == "method":
        return unknown_method(rebuild(src), member)
    raise ValueError(how)
