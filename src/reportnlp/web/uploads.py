"""Uploads: names, sizes, types and archives, each refused with one clear Chinese message.

A user's file name is only shown (escaped) and its extension checked against a whitelist; files
are stored under uuid names. Archive entries are unpacked one by one into uuid-named files in the
request's own folder after checking every name (no ``..``, no absolute or drive paths) and the
sizes both as declared and as actually read.
"""
from __future__ import annotations

import lzma
import os
import zipfile
import zlib
from dataclasses import dataclass

import reportnlp.recache as recache
from .settings import ARCHIVE_EXTS, MAX_EXT_CHARS, MAX_NAME_CHARS, MB, REPORT_EXTS

CHUNK = 1 << 16


class WebError(Exception):
    """A request that cannot be served; `message` is shown to the user as it is."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status

    def __reduce__(self):  # raised in a worker process: comes back with its status
        return (type(self), (self.message, self.status))


def display_name(name: str | None, fallback: str = "未命名文件") -> str:
    """The last component of a browser-sent name, without control characters, at most
    MAX_NAME_CHARS characters: a long name loses the end of its stem, never its extension."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = recache.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    if len(name) > MAX_NAME_CHARS:
        stem, ext = os.path.splitext(name)
        if len(ext) > MAX_EXT_CHARS:  # not an extension, just a dot in a long name
            stem, ext = name, ""
        name = stem[:MAX_NAME_CHARS - len(ext)].rstrip() + ext
    return name or fallback


def extension(name: str, allowed: tuple[str, ...], what: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    if ext not in allowed:
        raise WebError(f"“{name}”不是支持的{what}（支持 {'、'.join(allowed)}）", 415)
    return ext


def save_upload(fileobj, dest: str, name: str, limit_bytes: int) -> int:
    """Copy an uploaded stream to `dest`, refusing empty files and files over the limit."""
    size = 0
    try:
        with open(dest, "wb") as out:
            while True:
                chunk = fileobj.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit_bytes:
                    raise WebError(f"“{name}”超过单个文件 {limit_bytes // MB} MB 的上限，未处理", 413)
                out.write(chunk)
    except WebError:
        os.unlink(dest)
        raise
    if size == 0:
        os.unlink(dest)
        raise WebError(f"“{name}”是空文件（0 字节），请重新选择文件")
    return size


@dataclass
class Entry:
    display: str  # archive name / entry name, for the user
    path: str  # uuid path inside the request's folder


def _entry_name(info: zipfile.ZipInfo) -> str:
    """Entry names of zips made on Chinese Windows are GBK without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def unsafe_name(name: str) -> bool:
    n = name.replace("\\", "/")
    if n.startswith("/") or recache.match(r"^[A-Za-z]:", n) or "\x00" in n:
        return True
    return any(part == ".." for part in n.split("/"))


def extract_zip(path: str, archive: str, new_path, settings, budget: list[int]) -> tuple[list[Entry], list[str]]:
    """Unpack the report files of an uploaded zip. `new_path(ext)` gives uuid paths inside the
    request's folder; `budget` is the bytes the whole batch may still unpack to (shared, updated).
    Returns (entries, notes about skipped entries); raises WebError for an unsafe archive."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise WebError(f"“{archive}”不是有效的 zip 压缩包（文件已损坏或不是 zip 格式）") from None
    entries: list[Entry] = []
    notes: list[str] = []
    with zf:
        infos = zf.infolist()
        if len(infos) > settings.max_zip_entries:
            raise WebError(f"“{archive}”含有 {len(infos)} 个条目，超过 {settings.max_zip_entries} 个的上限", 413)
        wanted = []
        for info in infos:
            name = _entry_name(info)
            if unsafe_name(name):
                raise WebError(f"“{archive}”含有不安全的路径“{name}”（指向压缩包以外的位置），已拒绝整个压缩包")
            if info.is_dir():
                continue
            ext = os.path.splitext(name)[1].lower()
            if ext not in REPORT_EXTS:
                notes.append(f"{archive}/{name}：不是报告文件（{'、'.join(REPORT_EXTS)}），已跳过")
                continue
            if info.flag_bits & 0x1:
                notes.append(f"{archive}/{name}：已加密，无法读取，已跳过")
                continue
            if info.file_size > settings.max_file_mb * MB:
                raise WebError(f"“{archive}”中的“{name}”解压后超过单个文件 {settings.max_file_mb} MB 的上限", 413)
            if info.file_size > MB and info.file_size > settings.max_zip_ratio * max(1, info.compress_size):
                raise WebError(f"“{archive}”中的“{name}”压缩比异常（疑似 zip 炸弹），已拒绝整个压缩包", 413)
            wanted.append((info, name, ext))
        declared = sum(i.file_size for i, _n, _e in wanted)
        if declared > budget[0]:
            raise WebError(f"“{archive}”解压后超过 {settings.max_unzipped_mb} MB 的上限（疑似 zip 炸弹），已拒绝整个压缩包", 413)
        for info, name, ext in wanted:
            dest = new_path(ext)
            size = 0
            try:
                with zf.open(info) as src, open(dest, "wb") as out:
                    while True:
                        chunk = src.read(CHUNK)
                        if not chunk:
                            break
                        size += len(chunk)
                        # never trust the declared size: count what actually comes out
                        if size > info.file_size or size > budget[0]:
                            raise WebError(f"“{archive}”中的“{name}”实际解压大小与声明不符（疑似 zip 炸弹），已拒绝整个压缩包", 413)
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError,
                    NotImplementedError, ValueError):
                # one damaged member (bad deflate/LZMA data, CRC, an unknown method) is listed, the rest still compared
                _remove(dest)  # an unknown method fails before the file is created
                budget[0] -= size
                notes.append(f"{archive}/{name}：无法解压（该文件在压缩包中已损坏或使用了不支持的压缩方式），已跳过")
                continue
            except WebError:
                _remove(dest)
                raise
            budget[0] -= size
            if size == 0:
                os.unlink(dest)
                notes.append(f"{archive}/{name}：空文件，已跳过")
                continue
            entries.append(Entry(f"{archive}/{name}", dest))
    return entries, notes


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def is_archive(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in ARCHIVE_EXTS
