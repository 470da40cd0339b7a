"""Legacy .doc / .wps: converted to .docx with LibreOffice headless when it is installed."""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import tempfile

from ..errors import ReportError
from .source import Source


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


def read_legacy(path: str, fmt: str) -> Source:
    exe = find_soffice()
    if exe is None:
        raise ReportError(
            f".{fmt} 文件需要 LibreOffice 转换：请安装 LibreOffice（如 apt-get install libreoffice-writer）后重试，或另存为 .docx",
            path=path,
        )
    from .docx import read_docx

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
