"""A stand-in `soffice` for tests on machines without LibreOffice: put on PATH, it records its
arguments (one line per call in the returned log) and writes a prepared .docx as the conversion."""
import os
import sys
from pathlib import Path


def install(tmp_path: Path, monkeypatch, made: Path) -> Path:
    """`soffice` on PATH that copies `made` as the converted file; returns the argument log."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "argv.log"
    exe = bindir / "soffice"
    exe.write_text(f"""#!{sys.executable}
import os, shutil, sys
args = sys.argv[1:]
open({str(log)!r}, "a").write(repr(args) + "\\n")
out = args[args.index("--outdir") + 1]
shutil.copy({str(made)!r}, os.path.join(out, os.path.splitext(os.path.basename(args[-1]))[0] + ".docx"))
""", encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    return log
