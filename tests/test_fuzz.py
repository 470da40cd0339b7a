"""Seeded, bounded fuzz test: a few hundred mutants of the example reports (built here), each
checked through the CLI in-process. Every file ends with exit 0/1/2, stdout is valid JSON
Lines (no Infinity/NaN), and an unreadable file gives one clear Chinese line naming it (never
an internal error). A sample also goes through `compare`, which enforces its per-file limits.
Two in-process rounds add 420 invisible-character mutants and 410 control-character (.txt with
--format json, --annotate, suggest --annotate) and hostile --data sheet mutants."""
import csv
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


# round four (#31): control characters with --annotate / suggest --annotate, hostile --data sheets
_CONTROL = ["\x0c", "\x0b", "\x00", "\ufffe", "\uffff", "\x1c", "\x1f", "\x85", "\u2028", "\u2029", "\x7f", "\x1b[31m"]


def _control_mutant(base: str, rnd: random.Random) -> str:
    text = base
    for _ in range(rnd.randint(1, 6)):
        ch = rnd.choice(_CONTROL) * rnd.choice((1, 1, 3, 40))
        # NUL is put late in the text (a file cut short by a crash, a padded export)
        lo = int(len(text) * 0.7) if ch[0] == "\x00" else 0
        k = rnd.randrange(lo, len(text) + 1)
        text = text[:k] + ch + text[k:]
    return text


def _hostile_sheet(d, i: int, rnd: random.Random):
    """One --data sheet with a trap: formula cells without a saved value, huge labels, a hidden
    first sheet, =HYPERLINK labels (as text and as formula), inf/NaN, merged whole-sheet ranges."""
    import openpyxl

    kind = rnd.randrange(9)
    good = [("行政许可", 865, "件"), ("行政检查", 76, "次"), ("持证执法人员", 26, "人")]
    if kind in (0, 1):  # CSV: inf/NaN/huge numbers, huge or formula-like labels
        bad_val = rnd.choice(["inf", "-inf", "NaN", "1e999", "9" * 400, "=1+2", "", "１２", "12件"])
        bad_label = rnd.choice(["=HYPERLINK(\"http://x.invalid\",\"点击\")", "+1+1", "@SUM(1)", "检" * rnd.randint(150, 5000),
                                "\x00", "\u202e行政检查", ""])
        p = d / f"s{i:03d}.csv"
        with open(p, "w", encoding=rnd.choice(["utf-8", "utf-8-sig", "gb18030"]), newline="", errors="replace") as fh:
            w = csv.writer(fh)
            w.writerow(["单位名称", "年度", "指标", "数值", "计量单位"])
            rows = [["青山县教育局", 2025, lab, v, u] for lab, v, u in good] + [["青山县教育局", 2025, bad_label, bad_val, "次"]]
            rnd.shuffle(rows)
            w.writerows(rows)
        return p
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "统计"
    ws.append(["单位名称", "年度", "指标", "数值", "计量单位"])
    for lab, v, u in good:
        ws.append(["青山县教育局", 2025, lab, v, u])
    if kind == 2:  # a formula without its saved value (openpyxl saves none)
        ws.append(["青山县教育局", 2025, "专项检查", "=D3/2", "次"])
    elif kind == 3:  # a huge label, or a huge wide-form header
        ws.append(["青山县教育局", 2025, "专项检查" * rnd.randint(60, 2500), 3, "次"])
        if rnd.random() < 0.5:
            ws["F1"] = "检" * rnd.randint(201, 10000)
            ws["F2"] = 5
    elif kind == 4:  # the data on a hidden first sheet, a decoy visible second
        ws.sheet_state = "hidden"
        other = wb.create_sheet("说明")
        other.append(["本表为填报说明", rnd.choice(["", "见第一张表", "=HYPERLINK(\"x\")"])])
        wb.active = 1
    elif kind == 5:  # =HYPERLINK labels: as a formula cell, and as text
        ws.append(["青山县教育局", 2025, '=HYPERLINK("http://x.invalid","行政检查")', 9, "次"])
        c = ws.cell(row=ws.max_row + 1, column=3, value="=HYPERLINK(\"y\")")
        c.data_type = "s"
        ws.cell(row=c.row, column=4, value=4)
    elif kind == 6:  # inf / NaN stored as numbers or as text
        ws.append(["青山县教育局", 2025, "专项检查", rnd.choice([float("nan"), float("inf"), "NaN", "inf", 1e308 * 10]), "次"])
    elif kind == 7:  # merged ranges: an org over every row, a whole row, the whole sheet
        ws.merge_cells("A2:A4")
        big = rnd.choice([None, "A1:E1", "A2:E4", "A1:XFD1048576", "A1:E20000", "A1:Z9000"])
    else:  # a cell far away (the sheet's dimension), an empty workbook
        if rnd.random() < 0.5:
            ws.cell(row=rnd.choice([30000, 1048576]), column=rnd.choice([5, 16384]), value=1)
        else:
            wb.remove(ws)
            wb.create_sheet("空")
    p = d / f"s{i:03d}.xlsx"
    wb.save(p)
    if kind == 7 and big:  # written into the XML: openpyxl itself would make one object per merged cell
        raw = p.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b'ref="A2:A4"', f'ref="{big}"'.encode())
                zout.writestr(info, data)
    return p


def test_control_characters_and_hostile_sheets_end_cleanly(tmp_path):
    """410 in-process mutants: control characters (form feed, vertical tab, a late NUL, U+FFFE …)
    in .txt reports checked with --format json, --annotate and suggest --annotate, and hostile
    --data sheets. Each ends with exit 0/1/2, no traceback, no hang (an alarm of 20 s each); an
    exit 2 is one Chinese line naming the file."""
    import signal

    rnd = random.Random(SEED + 4)
    base = (ROOT / "examples" / "report_2025.txt").read_text(encoding="utf-8")
    runner = CliRunner()
    jobs = []
    for i in range(230):
        p = tmp_path / f"c{i:03d}.txt"
        p.write_text(_control_mutant(base, rnd), encoding=rnd.choice(["utf-8", "utf-16", "gb18030"]), errors="replace")
        mode = ("json", "annotate", "suggest")[0 if i < 150 else 1 if i < 190 else 2]
        out = tmp_path / f"c{i:03d}.reviewed.docx"
        args = {"json": ["check", "--format", "json", str(p)],
                "annotate": ["check", str(p), "--annotate", str(out)],
                "suggest": ["suggest", str(p), "--annotate", str(out)]}[mode]
        jobs.append((p, mode, args, out))
    report = tmp_path / "report.txt"
    report.write_text(base, encoding="utf-8")
    for i in range(180):
        sheet = _hostile_sheet(tmp_path, i, rnd)
        jobs.append((sheet, "data", ["check", "--format", "json", str(report), "--data", str(sheet)], None))
    assert len(jobs) >= 400

    def hang(_sig, _frame):
        raise TimeoutError("hang")

    old = signal.signal(signal.SIGALRM, hang)
    seen = {"json": 0, "annotate": 0, "suggest": 0, "data": 0}
    refused = 0
    try:
        for p, mode, args, out in jobs:
            signal.alarm(20)
            try:
                r = runner.invoke(app, args)
            finally:
                signal.alarm(0)
            assert r.exception is None or isinstance(r.exception, SystemExit), (p, mode, repr(r.exception))
            assert r.exit_code in (0, 1, 2), (p, mode, r.exit_code)
            assert "Traceback" not in r.stdout + r.stderr and "内部错误" not in r.stdout + r.stderr, (p, mode)
            errs = [x for x in r.stderr.splitlines() if x.startswith("错误")]
            if r.exit_code == 2:
                refused += 1
                assert len(errs) == 1 and re.search(r"[\u4e00-\u9fff]", errs[0]), (p, mode, r.stderr)
            else:
                assert not errs, (p, mode, r.stderr)
                if mode in ("json", "data"):
                    lines = [x for x in r.stdout.splitlines() if x.strip()]
                    assert len(lines) == 1, (p, r.stdout[:300])
                    _strict(lines[0])
                elif out is not None:
                    assert zipfile.is_zipfile(out), (p, mode)  # a Word file, readable
                    with zipfile.ZipFile(out) as z:
                        assert z.testzip() is None
                        for name in z.namelist():
                            if name.endswith(".xml"):
                                body = z.read(name).decode("utf-8")
                                assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", body), (p, name)
            seen[mode] += 1
    finally:
        signal.signal(signal.SIGALRM, old)
    assert all(v >= 30 for v in seen.values()), seen
    assert 0 < refused < len(jobs), refused  # some sheets are refused, most files are checked
