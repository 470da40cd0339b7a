"""Seeded, bounded fuzz test: a few hundred mutants of the example reports (built here), each
checked through the CLI in-process. Every file ends with exit 0/1/2, stdout is valid JSON
Lines (no Infinity/NaN), and an unreadable file gives one clear Chinese line naming it (never
an internal error). A sample also goes through `compare`, which enforces its per-file limits."""
import io
import json
import random
import re
import subprocess
import zipfile

import pytest
from typer.testing import CliRunner

from conftest import ROOT, reportnlp_cmd
from reportnlp.cli import app

SEED = 16
N_TXT, N_DOCX = 130, 130
HOSTILE = ["9" * 400, "1e999", "NaN", "inf", "-0", "０．５％", "百分之一百二十", "XX县", "20__年", "×××",
           "其中" + "、".join(f"{i}次" for i in range(300)), "\x00\x01\x02", "\ufeff", "\u202e", "=HYPERLINK(\"x\")",
           "一、" * 50, "（一）主要举措和成效", "合计0件", "100%", "0.000001万元", "-5次", "１２３人"]


def _txt_mutant(base: str, rnd: random.Random) -> bytes:
    text = base
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(7)
        k = rnd.randrange(len(text) + 1)
        if op == 0:
            text = text[:k] + rnd.choice(HOSTILE) + text[k:]
        elif op == 1:
            j = min(len(text), k + rnd.randint(1, 200))
            text = text[:k] + text[j:]
        elif op == 2:
            text = text[:k] + "".join(chr(rnd.randint(1, 0x2FFFF)) for _ in range(rnd.randint(1, 40))) + text[k:]
        elif op == 3:
            lines = text.split("\n")
            i = rnd.randrange(len(lines))
            lines[i:i] = [lines[i]] * rnd.randint(2, 400)
            text = "\n".join(lines)
        elif op == 4:
            text = re.sub(r"\d+", lambda m: rnd.choice([m.group(0), "9" * rnd.randint(16, 400), "0", m.group(0) * 3]), text)
        elif op == 5:
            text = text[:k]
        else:
            text = text.replace("\n", rnd.choice(["\r\n", "\r", "\u2028", " "]))
    enc = rnd.choice(["utf-8", "utf-8", "gb18030", "utf-16", "utf-8-sig"])
    data = text.encode(enc, errors="replace")
    if rnd.random() < 0.15:  # raw byte damage
        b = bytearray(data or b"x")
        for _ in range(rnd.randint(1, 20)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        data = bytes(b)
    return data


def _rezip(members: dict[str, bytes], infos) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            z.writestr(info.filename, members[info.filename])
    return buf.getvalue()


def _docx_mutant(raw: bytes, rnd: random.Random) -> bytes:
    op = rnd.randrange(6)
    if op == 0:  # flip bytes anywhere in the package
        b = bytearray(raw)
        for _ in range(rnd.randint(1, 30)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        return bytes(b)
    if op == 1:  # truncated download
        return raw[: rnd.randrange(30, len(raw))]
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        infos = z.infolist()
        members = {i.filename: z.read(i.filename) for i in infos}
    doc = members["word/document.xml"].decode("utf-8")
    if op == 2:  # XML cut and spliced: malformed
        a = rnd.randrange(len(doc))
        doc = doc[:a] + doc[a + rnd.randint(1, 300):]
    elif op == 3:  # text replaced inside <w:t>
        doc = re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)",
                     lambda m: m.group(1) + (rnd.choice(HOSTILE).replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
                                             .replace("\x01", "").replace("\x02", "")
                                             if rnd.random() < 0.3 else m.group(2)) + m.group(3), doc)
    elif op == 4:  # hostile numbering definitions
        fmt = rnd.choice(["upperRoman", "lowerLetter", "upperLetter", "chineseCounting", "decimal", "ideographDigital"])
        start = rnd.choice([10 ** 10, 10 ** 9, -5, 0, 2 ** 63, "abc", "9" * 50])
        members["word/numbering.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1%1、"/></w:lvl></w:abstractNum><w:num w:numId="1">'
            '<w:abstractNumId w:val="1"/></w:num></w:numbering>').encode()
        if "word/numbering.xml" not in [i.filename for i in infos]:
            infos.append(zipfile.ZipInfo("word/numbering.xml"))
            ct = members["[Content_Types].xml"].decode()
            members["[Content_Types].xml"] = ct.replace("</Types>", '<Override PartName="/word/numbering.xml" ContentType='
                                                        '"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                                        'numbering+xml"/></Types>').encode()
        doc = doc.replace("<w:pPr>", '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>', rnd.randint(1, 40))
    else:  # member dropped
        victim = rnd.choice([i.filename for i in infos])
        infos = [i for i in infos if i.filename != victim]
    members["word/document.xml"] = doc.encode("utf-8")
    out = _rezip(members, infos)
    if rnd.random() < 0.2:  # damage the deflate stream of document.xml
        with zipfile.ZipFile(io.BytesIO(out)) as z:
            names = [i.filename for i in z.infolist()]
            if "word/document.xml" in names:
                info = z.getinfo("word/document.xml")
                b = bytearray(out)
                off = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
                b[off + rnd.randrange(max(1, min(40, info.compress_size)))] ^= 0xFF
                out = bytes(b)
    return out


@pytest.fixture(scope="module")
def mutants(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    rnd = random.Random(SEED)
    base = (ROOT / "examples" / "report_2025.txt").read_text(encoding="utf-8")
    raw = (ROOT / "examples" / "report_2025.docx").read_bytes()
    files = []
    for i in range(N_TXT):
        p = d / f"m{i:03d}.txt"
        p.write_bytes(_txt_mutant(base, rnd))
        files.append(p)
    for i in range(N_DOCX):
        p = d / f"m{i:03d}.docx"
        p.write_bytes(_docx_mutant(raw, rnd))
        files.append(p)
    return files


def _strict(line):
    def bad(c):
        raise ValueError(c)
    return json.loads(line, parse_constant=bad)


def test_every_mutant_ends_cleanly(mutants):
    runner = CliRunner()
    outcomes = {0: 0, 1: 0, 2: 0}
    for p in mutants:
        r = runner.invoke(app, ["check", "--format", "json", str(p)])
        assert r.exit_code in (0, 1, 2), (p, r.exit_code, r.exception)
        outcomes[r.exit_code] += 1
        lines = [x for x in r.stdout.splitlines() if x.strip()]
        assert len(lines) == 1, (p, r.stdout[:300])
        obj = _strict(lines[0])
        assert obj["file"] == str(p)
        errs = [x for x in r.stderr.splitlines() if x.strip()]
        if r.exit_code == 2:
            assert obj.get("error"), p
            assert len(errs) == 1 and str(p) in errs[0] and re.search(r"[\u4e00-\u9fff]", errs[0]), (p, r.stderr)
            assert "内部错误" not in errs[0], (p, errs[0])
        else:
            assert "error" not in obj and not errs, (p, r.stderr)
    assert outcomes[2] > 20 and outcomes[0] + outcomes[1] > 100, outcomes  # both kinds really exercised


def test_mutants_through_compare(mutants, tmp_path):
    sample = random.Random(SEED).sample(mutants, 16)
    d = tmp_path / "in"
    d.mkdir()
    for p in sample:
        (d / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    r = subprocess.run(reportnlp_cmd() + ["compare", str(d), "-o", str(out), "-j", "2", "--timeout", "60"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode in (0, 2) and "Traceback" not in r.stderr + r.stdout, r.stderr[-2000:]
    m = re.search(r"检查 (\d+) 个文件：成功 (\d+)，未能读取 (\d+)", r.stdout)
    assert m and int(m.group(1)) == 16 and int(m.group(2)) + int(m.group(3)) == 16
    unread = re.findall(r"未读：(\S+?)：(.+)", r.stdout)
    assert len(unread) == int(m.group(3))
    assert all(re.search(r"[\u4e00-\u9fff]", why) and "内部错误" not in why for _f, why in unread)


# round three (#31): invisible and control characters inside figures, in process (400+ mutants)
_INVISIBLE_IN_NUMBERS = "\u00ad\u00a0\u200b\u200c\u200d\u2060\u3000\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
                        "\u2066\u2067\u2068\u2069\u061c\ufeff"


def test_invisible_characters_never_change_a_figure():
    """Each mutant puts invisible characters inside, before and after the figures of the example
    report: no traceback, and every figure is read as in the clean text."""
    from reportnlp import api

    base = (ROOT / "examples" / "report_2025.txt").read_text(encoding="utf-8")
    clean = [(c.text, c.value) for c in api.check(base, year=2025).analysis.claims]
    rnd = random.Random(SEED)
    digits = [i for i, ch in enumerate(base) if ch.isdigit()]
    changed, n = 0, 420
    for _ in range(n):
        chars = list(base)
        for pos in sorted(rnd.sample(digits, rnd.randint(1, 6)), reverse=True):
            chars.insert(pos + rnd.choice((0, 1)), rnd.choice(_INVISIBLE_IN_NUMBERS))
        rep = api.check("".join(chars), year=2025).analysis
        got = [c.value for c in rep.claims]
        changed += got != [v for _t, v in clean]
    assert changed == 0, f"{changed} of {n} mutants read a figure differently"
