"""Bad input: one clear error line per file, exit 2, no traceback; other files still checked."""

import json
import os
import subprocess
import zipfile

import pytest

from conftest import reportnlp_cmd

GOOD = "某县教育局2024年度法治政府建设情况报告\n一、主要举措和成效\n全年开展行政检查12次。\n"


def run(*args, cwd=None):
    return subprocess.run(reportnlp_cmd() + list(args), capture_output=True, text=True, cwd=cwd, timeout=120)


def make_bad(tmp_path):
    files = {}
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    files["empty"] = p
    p = tmp_path / "binary.txt"
    p.write_bytes(bytes(range(256)) * 20)
    files["binary"] = p
    p = tmp_path / "corrupt.docx"
    p.write_bytes(b"PK\x03\x04 this is not really a zip file")
    files["corrupt"] = p
    # a truncated real docx
    import docx

    d = docx.Document()
    d.add_paragraph(GOOD)
    full = tmp_path / "full.docx"
    d.save(full)
    p = tmp_path / "truncated.docx"
    p.write_bytes(full.read_bytes()[:1500])
    files["truncated"] = p
    # entities declared in document.xml
    p = tmp_path / "entities.docx"
    with zipfile.ZipFile(full) as zin, zipfile.ZipFile(p, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            zout.writestr(item, data)
    files["entities"] = p
    # zip bomb: a huge, highly compressible member
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b"\x20" * (260 * 1024 * 1024) + b"</w:document>")
    files["bomb"] = p
    files["directory"] = tmp_path / "a_dir"
    os.mkdir(files["directory"])
    files["missing"] = tmp_path / "nope.docx"
    return files


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    return make_bad(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("kind", ["empty", "binary", "corrupt", "truncated", "entities", "bomb", "directory", "missing"])
def test_one_clear_line(bad_files, kind):
    r = run("check", str(bad_files[kind]))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr + r.stdout
    err_lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(err_lines) == 1 and "错误" in err_lines[0] and str(bad_files[kind]) in err_lines[0]


def test_gbk_text_is_read(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(GOOD.encode("gbk"))
    r = run("check", "--format", "json", str(p))
    assert r.returncode in (0, 1)
    assert json.loads(r.stdout)["year"] == 2024


def test_batch_goes_on(tmp_path, bad_files):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    r = run("check", "--format", "json", str(bad_files["corrupt"]), str(good), str(bad_files["missing"]))
    assert r.returncode == 2
    objs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["file"] for o in objs] == [str(bad_files["corrupt"]), str(good), str(bad_files["missing"])]
    assert "error" in objs[0] and "error" in objs[2] and objs[1]["claims"]


def test_input_never_overwritten(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    before = good.read_bytes()
    r = run("check", str(good), "--format", "html", "-o", str(good))
    assert r.returncode == 2 and good.read_bytes() == before
    out = tmp_path / "out.html"
    out.write_text("keep", encoding="utf-8")
    r = run("check", str(good), "--format", "html", "-o", str(out))
    assert r.returncode == 2 and out.read_text(encoding="utf-8") == "keep"
    r = run("check", str(good), "--format", "html", "-o", str(out), "--force")
    assert r.returncode in (0, 1) and "<html" in out.read_text(encoding="utf-8")


# round three (#31): invisible characters never change a figure; what was removed is said

INVISIBLE = ["\u00ad", "\u00a0", "\u200c", "\u200d", "\u2060", "\u3000", "\u200e", "\u200f", "\u202a", "\u202b",
             "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c"]


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_character_inside_a_number_changes_nothing(ch):
    from reportnlp import api

    text = f"某县教育局2024年度法治政府建设情况报告\n一、主要举措和成效\n全年办理行政复议1{ch}00件，开展行政检查{ch}12次。\n"
    rep = api.check(text)
    values = sorted(c.value for c in rep.analysis.claims if c.unit in ("件", "次"))
    assert values == [12.0, 100.0]
    info = [f for f in rep.analysis.findings if f.code == "RN309" and f.severity == "info"]
    assert info and f"U+{ord(ch):04X}" in info[0].message
    f = info[0]
    assert text[f.ostart] == ch  # points at the character in the original text


def test_ordinary_and_table_spaces_are_left_alone():
    from reportnlp.normalise import normalise

    n = normalise("2024 2025年，12\u3000\u300034，第1\u3000节")
    assert n.text == "2024 2025年,12  34,第1 节" and not n.removed  # (，is folded to , as everywhere)
