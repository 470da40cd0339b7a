"""`reportnlp serve`: the JSON API through FastAPI's test client, bad uploads, a bounded load test
against a real uvicorn on 127.0.0.1, and the page itself in Debian's headless Chromium."""
import io
import json
import os
import re
import socket
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest

from conftest import ROOT

fastapi = pytest.importorskip("fastapi", reason="the web extra (reportnlp[web]) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from reportnlp.web import WebSettings, create_app  # noqa: E402

EXAMPLE = ROOT / "examples" / "report_2025.docx"
EXAMPLE_TXT = ROOT / "examples" / "report_2025.txt"
STATS = ROOT / "examples" / "stats_2025.csv"
# what `reportnlp check examples/report_2025.docx` finds (the planted mistakes of the example)
EXPECTED = {"RN101", "RN201", "RN301", "RN304"}
MB = 1024 * 1024


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """The server's temp folder, plus a private system temp dir: after a test both are checked for leftovers."""
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systmp))
    return tmp_path


def make_client(sandbox, **kw):
    app = create_app(WebSettings(work_dir=str(sandbox / "work"), **kw))
    return TestClient(app, base_url="http://127.0.0.1:8000")


def files_under(path):
    # multiprocessing's own socket folder (pymp-*, from the batch's per-file worker processes) holds
    # no user data and goes when the process ends: it is not a file the app wrote
    return sorted(os.path.relpath(os.path.join(r, n), path) for r, _d, ns in os.walk(path) for n in ns
                  if not os.path.relpath(r, path).split(os.sep)[0].startswith("pymp-"))


def uploads_left(sandbox):
    """Uploaded files still on disk (each request's in/ folder)."""
    return [f for f in files_under(sandbox / "work") if f"{os.sep}in{os.sep}" in f]


def assert_nothing_outside(sandbox):
    assert files_under(sandbox / "systmp") == []
    assert sorted(os.listdir(sandbox)) == ["systmp", "work"]


def check(client, path, name=None, **data):
    with open(path, "rb") as fh:
        return client.post("/api/check", files={"report": (name or os.path.basename(path), fh)}, data=data)


# ---------------------------------------------------------------- check, annotate, suggest, draft
def test_check_upload_page_view_and_downloads(sandbox):
    with make_client(sandbox) as c:
        page = c.get("/")
        assert page.status_code == 200 and "开始检查" in page.text and "批量比较" in page.text
        r = check(c, EXAMPLE, "青山县教育局2025年报告.docx")
        assert r.status_code == 200, r.text
        body = r.json()
        codes = {f["code"] for f in body["report"]["findings"]}
        assert codes == EXPECTED
        assert body["counts"] == {"error": 4, "warning": 0, "info": 0}
        assert body["missing"] == ["第一责任人履职情况"]
        assert body["file"] == body["report"]["file"] == "青山县教育局2025年报告.docx"
        assert len(body["id"]) >= 32
        # the in-place view: each finding highlighted on its words, statutory parts outlined
        view = c.get(body["links"]["view"])
        assert view.status_code == 200 and "default-src 'none'" in view.headers["content-security-policy"]
        assert 'data-code="RN301">党的十九大</mark>' in view.text and 'data-code="RN201">865件</mark>' in view.text
        assert "part-label" in view.text and "青山县教育局2025年报告.docx" in view.text
        # the JSON download is the object `check --format json` prints
        js = c.get(body["links"]["json"])
        assert "attachment" in js.headers["content-disposition"]
        assert json.loads(js.content) == body["report"]
        # the annotated copy: one Word comment per finding
        ann = c.get(body["links"]["annotated"])
        assert ann.headers["content-type"].startswith("application/vnd.openxmlformats")
        comments = [cm.text for cm in docx.Document(io.BytesIO(ann.content)).comments]
        assert len(comments) == 4 and any("RN201" in t for t in comments)
        # no server path in anything the user gets back
        for text in (r.text, view.text, js.text):
            assert str(sandbox) not in text and "/in/" not in text
        assert uploads_left(sandbox) == []
    assert_nothing_outside(sandbox)


def test_check_with_data_sheet_and_year(sandbox):
    with make_client(sandbox) as c, open(EXAMPLE, "rb") as rep, open(STATS, "rb") as data:
        r = c.post("/api/check", files={"report": ("r.docx", rep), "data": ("数据.csv", data)})
        assert r.status_code == 200, r.text
        findings = r.json()["report"]["findings"]
        assert {f["code"] for f in findings} - EXPECTED, "the data sheet adds findings about figures that disagree with it"
        cited = [f["message"] for f in findings if f["code"].startswith("RN40")]
        assert cited and all("数据.csv" in m for m in cited if ".csv" in m) and not any(re.search("[0-9a-f]{32}", m) for m in cited)
        r = check(c, EXAMPLE_TXT, year="2024")
        assert r.status_code == 200 and r.json()["report"]["year"] == 2024
        bad = c.post("/api/check", files={"report": ("r.txt", EXAMPLE_TXT.read_bytes()), "data": ("d.csv", "指标,数值\n".encode())})
        assert bad.status_code == 422 and bad.json()["error"].startswith("数据表“d.csv”")
        assert uploads_left(sandbox) == []


def test_check_stands_when_the_copy_cannot_be_annotated(sandbox, monkeypatch):
    import webjobs

    from reportnlp.web import service

    # the check runs in a worker process: the job itself makes that worker's annotator refuse
    monkeypatch.setattr(service, "check_job", webjobs.check_job_refusing_annotation)
    with make_client(sandbox) as c:
        r = check(c, EXAMPLE)
        assert r.status_code == 200 and {f["code"] for f in r.json()["report"]["findings"]} == EXPECTED
        assert "annotated" not in r.json()["links"] and "文件结构无法写入批注" in r.json()["notes"][0]
        with open(EXAMPLE, "rb") as fh:
            r = c.post("/api/annotate", files={"report": ("r.docx", fh)})
        assert r.status_code == 422 and "无法生成批注版" in r.json()["error"]


def test_legacy_doc_without_libreoffice_is_one_clear_line(sandbox):
    from reportnlp.read.legacy import find_soffice

    if find_soffice() is not None:
        pytest.skip("LibreOffice is installed here: .doc files are converted")
    with make_client(sandbox) as c:
        r = c.post("/api/check", files={"report": ("旧报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)})
        assert r.status_code == 422 and r.json()["error"].startswith("“旧报告.doc”") and "LibreOffice" in r.json()["error"]
        assert uploads_left(sandbox) == []


def test_annotate_returns_the_docx_and_keeps_nothing(sandbox):
    with make_client(sandbox) as c, open(EXAMPLE, "rb") as fh:
        r = c.post("/api/annotate", files={"report": ("报告.docx", fh)})
        assert r.status_code == 200
        assert "filename*=utf-8''%E6%8A%A5%E5%91%8A.reviewed.docx" in r.headers["content-disposition"]
        assert len(docx.Document(io.BytesIO(r.content)).comments) == 4
        assert files_under(sandbox / "work") == []  # removed once the answer was sent


def test_suggest_missing_part(sandbox):
    with make_client(sandbox) as c, open(EXAMPLE, "rb") as rep, open(STATS, "rb") as data:
        r = c.post("/api/suggest", files={"report": ("r.docx", rep), "data": ("s.csv", data)})
        assert r.status_code == 200, r.text
        s = r.json()["suggestions"]
        assert [x["part"] for x in s] == ["first_responsible"] and "第一责任人" in s[0]["heading"] and s[0]["text"]
        d = docx.Document(io.BytesIO(c.get(r.json()["links"]["suggested"]).content))
        assert any("建议增加" in cm.text for cm in d.comments)
        # a complete report needs no suggestion
        full = EXAMPLE_TXT.read_text(encoding="utf-8")
        r = c.post("/api/suggest", files={"report": ("full.txt", full.encode())})
        assert r.status_code == 200


def test_draft_from_data_and_previous_report(sandbox):
    with make_client(sandbox) as c:
        with open(STATS, "rb") as data:
            r = c.post("/api/draft", files={"data": ("数据.csv", data)}, data={"org": "青山县教育局", "year": "2025"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["numbers"] > 0 and "青山县教育局" in body["text"]
        d = docx.Document(io.BytesIO(c.get(body["links"]["docx"]).content))
        text = "\n".join(p.text for p in d.paragraphs)
        assert "法治政府建设" in text
        trace = c.get(body["links"]["trace"]).json()
        assert "数据.csv" in json.dumps(trace, ensure_ascii=False) and not re.search("[0-9a-f]{32}", json.dumps(trace))
        assert trace["org"] == "青山县教育局" and len(trace["numbers"]) == body["numbers"]
        with open(STATS, "rb") as data, open(EXAMPLE, "rb") as prev:
            r = c.post("/api/draft", files={"data": ("d.csv", data), "previous": ("2024.docx", prev)},
                       data={"org": "青山县教育局", "year": "2025", "signed": "2026年1月20日"})
        assert r.status_code == 200, r.text
        assert "2026年1月20日" in r.json()["text"]
        with open(STATS, "rb") as data:
            r = c.post("/api/draft", files={"data": ("d.csv", data)}, data={"org": "白水县教育局", "year": "2025"})
        assert r.status_code == 422 and "白水县教育局" in r.json()["error"]
        r = c.post("/api/draft", data={"org": "青山县教育局", "year": "2025"})
        assert r.status_code == 400 and r.json()["error"] == "缺少统计数据表"
        assert uploads_left(sandbox) == []


# ---------------------------------------------------------------- batch comparison
def wait_job(c, status, tries=600):
    for _ in range(tries):  # bounded: at most tries x 0.2 s
        if status["state"] not in ("queued", "running"):
            return status
        time.sleep(0.2)
        status = c.get(f"/api/jobs/{status['id']}").json()
    raise AssertionError("batch job did not finish")


def zip_bytes(entries, **kw):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, **kw) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def county_report(place, with_fr=True):
    text = EXAMPLE_TXT.read_text(encoding="utf-8").replace("青山县", place)
    if not with_fr:
        return text
    return text.replace("三、2026年", f"三、2025年度党政主要负责人履行推进法治建设第一责任人职责情况\n"
                        f"{place}教育局主要负责人带头学法，专题研究法治建设3次。\n\n四、2026年", 1)


def test_batch_compare_with_zip(sandbox):
    z = zip_bytes([("各县/绿水县.txt", county_report("绿水县").encode()),
                   ("各县/白石县.txt", county_report("白石县", with_fr=False).encode("gb18030")),
                   ("各县/说明.xlsx", b"not a report")])
    with make_client(sandbox) as c, open(EXAMPLE, "rb") as a:
        files = [("files", ("青山县.docx", a)), ("files", ("红河县.txt", county_report("红河县").encode())),
                 ("files", ("reports.zip", z)), ("files", ("坏文件.txt", bytes(range(256)) * 20)),
                 ("data", ("各县数据.csv", STATS.read_bytes()))]
        r = c.post("/api/compare", files=files)
        assert r.status_code == 202, r.text
        st = r.json()
        assert st["state"] in ("queued", "running", "done") and st["total"] == 5 and len(st["id"]) >= 32
        st = wait_job(c, st)
        assert st["state"] == "done", st
        res = st["result"]
        assert res["reports"] == 4
        assert [f["file"] for f in res["failed"]] == ["坏文件.txt"] and "二进制" in res["failed"][0]["error"]
        assert any("说明.xlsx" in n for n in res["skipped"])
        assert res["missing_first_responsible"] == 2  # the example and 白石县
        dash = c.get(st["links"]["dashboard"])
        assert dash.status_code == 200 and "绿水县教育局" in dash.text and "reports.zip/各县/白石县.txt" not in dash.text.replace("&#x27;", "")
        link = dash.text.split("href='reports/")[1].split("'")[0]
        assert c.get(f"/api/jobs/{st['id']}/files/reports/{link}").status_code == 200
        import pandas as pd

        xlsx = c.get(st["links"]["summary"])
        sheets = pd.read_excel(io.BytesIO(xlsx.content), sheet_name=None)
        assert set(sheets["指标"]["单位"]) >= {"青山县教育局", "绿水县教育局", "白石县教育局", "红河县教育局"}
        assert list(sheets["未读文件"]["文件"]) == ["坏文件.txt"]
        assert c.get(f"/api/jobs/{st['id']}/files/../../etc/passwd").status_code == 404
        assert c.get(f"/api/jobs/{st['id']}/files/results.duckdb").status_code == 404
        assert uploads_left(sandbox) == []
    assert_nothing_outside(sandbox)


def test_batch_limits(sandbox):
    with make_client(sandbox, max_files=2) as c:
        three = [("files", (f"{i}.txt", b"x")) for i in range(3)]
        r = c.post("/api/compare", files=three)
        assert r.status_code == 413 and "最多上传 2 个文件" in r.json()["error"]
        r = c.post("/api/compare", files=[("files", ("a.zip", zip_bytes([(f"{i}.txt", "报告") for i in range(3)])))])
        assert r.status_code == 413 and "最多比较 2 份报告" in r.json()["error"]
        r = c.post("/api/compare", files=[("files", ("a.txt", "报告".encode())), ("data", ("各县.csv", "指标,数值\n".encode()))])
        assert r.status_code == 422 and r.json()["error"].startswith("数据表“各县.csv”")
        r = c.post("/api/compare", files=[("files", ("a.pdf", b"%PDF")), ("files", ("b.txt", b""))])
        assert r.status_code == 400 and "没有可检查的报告文件" in r.json()["error"]
        assert files_under(sandbox / "work") == []
    assert_nothing_outside(sandbox)


# ---------------------------------------------------------------- bad uploads
def test_bad_single_uploads(sandbox):
    with make_client(sandbox) as c:
        cases = [
            (("空.txt", b""), 400, "空文件"),
            (("二进制.txt", bytes(range(256)) * 40), 422, "二进制"),
            (("坏.docx", os.urandom(5000)), 422, "“坏.docx”"),
            (("报告.pdf", b"%PDF-1.4"), 415, "不是支持的报告格式"),
            (("大.txt", b"a" * (60 * MB)), 413, "20 MB"),
        ]
        for (name, data), status, words in cases:
            r = c.post("/api/check", files={"report": (name, data)})
            assert r.status_code == status and words in r.json()["error"], (name, r.text)
            assert "Traceback" not in r.text and str(sandbox) not in r.text
        r = c.post("/api/check")
        assert r.status_code == 400 and r.json() == {"error": "缺少报告文件"}
        # a name that tries to be a path is only ever a label
        r = check(c, EXAMPLE_TXT, "../../../etc/evil.txt")
        assert r.status_code == 200 and r.json()["file"] == "evil.txt"
        assert files_under(sandbox / "work") == [f for f in files_under(sandbox / "work") if "evil" not in f]
        assert uploads_left(sandbox) == []
    assert_nothing_outside(sandbox)


def test_request_over_the_limit_refused_before_reading(sandbox):
    with make_client(sandbox, max_file_mb=1) as c:
        r = c.post("/api/check", files={"report": ("x.txt", b"a" * (5 * MB))})
        assert r.status_code == 413 and "1 MB" in r.json()["error"]

        def chunks():  # no Content-Length: the limit is counted while the body streams in
            yield b'--xyz\r\nContent-Disposition: form-data; name="report"; filename="a.txt"\r\n\r\n'
            for _ in range(100):
                yield b"a" * 65536
            yield b"\r\n--xyz--\r\n"

        r = c.post("/api/check", content=chunks(), headers={"content-type": "multipart/form-data; boundary=xyz"})
        assert r.status_code == 413 and "1 MB" in r.json()["error"]
        assert files_under(sandbox / "work") == []
    assert_nothing_outside(sandbox)


def test_zip_bombs_and_escaping_entries(sandbox):
    zeros = b"\0" * (15 * MB)
    bomb_one = zip_bytes([("a/huge.txt", b"\0" * (60 * MB))])
    bomb_ratio = zip_bytes([("a/zeros.txt", zeros)])
    bomb_many = zip_bytes([(f"r{i}.txt", b"x" * (8 * MB)) for i in range(6)])
    escape = zip_bytes([("ok.txt", "报告".encode()), ("../../escaped_by_zip.txt", "报告".encode())])
    absolute = zip_bytes([("/tmp/absolute_by_zip.txt", "报告".encode())])
    drive = zip_bytes([("C:\\Windows\\evil.txt", "报告".encode())])
    # an entry that declares 1 KB but inflates to 3 MB
    liar = bytearray(zip_bytes([("liar.txt", b"y" * (3 * MB))]))
    real = (3 * MB).to_bytes(4, "little")
    liar = bytes(liar).replace(real, (1024).to_bytes(4, "little"))
    with make_client(sandbox, max_unzipped_mb=40) as c:
        cases = [(bomb_one, 413, "20 MB"), (bomb_ratio, 413, "zip 炸弹"), (bomb_many, 413, "zip 炸弹"),
                 (escape, 400, "不安全的路径“../../escaped_by_zip.txt”"), (absolute, 400, "不安全的路径"),
                 (drive, 400, "不安全的路径"), (liar, 400, "无法解压"), (b"PK\x03\x04broken", 400, "不是有效的 zip")]
        for data, status, words in cases:
            r = c.post("/api/compare", files=[("files", ("上传.zip", data))])
            assert r.status_code in (status, 413) and words in r.json()["error"], r.text
        assert files_under(sandbox / "work") == []
    assert_nothing_outside(sandbox)
    assert not list(sandbox.parent.rglob("escaped_by_zip.txt")) and not (ROOT / "escaped_by_zip.txt").exists()
    assert not os.path.exists("/tmp/absolute_by_zip.txt")


def test_results_private_and_expire(sandbox):
    with make_client(sandbox) as c:
        a = check(c, EXAMPLE_TXT, "甲.txt").json()
        b = check(c, EXAMPLE_TXT, "乙.txt").json()
        assert a["id"] != b["id"]
        assert c.get(a["links"]["json"]).json()["file"] == "甲.txt"
        assert c.get(b["links"]["json"]).json()["file"] == "乙.txt"
        guess = "A" * 32
        r = c.get(f"/api/results/{guess}/report.json")
        assert r.status_code == 404 and "过期" in r.json()["error"]
        assert c.get(f"/api/results/{a['id']}/..%2F..%2Fetc%2Fpasswd").status_code == 404
        assert c.get(f"/api/jobs/{a['id']}").status_code == 404  # a check result is not a job
        # after the configured time everything of a request is deleted
        swept = c.app.state.workspace.sweep(now=time.time() + 3600)
        assert swept == 2 and files_under(sandbox / "work") == []
        r = c.get(a["links"]["view"])
        assert r.status_code == 404 and "重新上传" in r.json()["error"]
    assert not (sandbox / "work").exists() or files_under(sandbox / "work") == []


def test_report_text_is_escaped(sandbox):
    evil = "<script>alert(1)</script>某县教育局2024年度法治政府建设情况报告\n开展20__年度<img src=x onerror=alert(2)>检查。\n"
    with make_client(sandbox) as c:
        r = c.post("/api/check", files={"report": ("<b onclick=alert(3)>x.txt", evil.encode())})
        assert r.status_code == 200 and r.json()["file"] == "<b onclick=alert(3)>x.txt"
        view = c.get(r.json()["links"]["view"]).text
        assert "<script>alert" not in view and "<img src=x" not in view and "<b onclick" not in view
        assert "&lt;script&gt;" in view and "&lt;b onclick=alert(3)&gt;x.txt" in view


def test_page_script_never_parses_text_as_html():
    """Report text and file names reach the page only through textContent."""
    js = (ROOT / "src" / "reportnlp" / "web" / "static" / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js, sink


def test_openapi_documents_the_api_and_nothing_loads_from_outside(sandbox):
    with make_client(sandbox) as c:
        spec = c.get("/openapi.json").json()
        for path in ("/api/check", "/api/annotate", "/api/suggest", "/api/draft", "/api/compare", "/api/jobs/{job_id}"):
            assert path in spec["paths"], path
        docs = c.get("/docs").text
        page = c.get("/").text
        for html in (docs, page):
            assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
        assert c.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
        assert c.get("/static/app.js").status_code == 200 and c.get("/static/app.css").status_code == 200
        assert "script-src 'self'" in c.get("/").headers["content-security-policy"]


def test_serve_without_the_extra_says_what_to_install(monkeypatch):
    from typer.testing import CliRunner

    import reportnlp.web as web
    from reportnlp.cli import app

    monkeypatch.setattr(web, "missing_dependencies", lambda: ["fastapi", "uvicorn"])
    r = CliRunner().invoke(app, ["serve"])
    assert r.exit_code == 2 and "pip install 'reportnlp[web]'" in r.output and "Traceback" not in r.output


# ---------------------------------------------------------------- a real server on 127.0.0.1
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    work = tmp_path_factory.mktemp("webwork")
    app = create_app(WebSettings(work_dir=str(work)))
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(1200):  # bounded wait (2 minutes at most) for the models to load
        if srv.started or not t.is_alive():
            break
        time.sleep(0.1)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}", work
    finally:
        srv.should_exit = True
        t.join(timeout=60)


def test_twenty_concurrent_uploads(server):
    import httpx

    base, work = server
    data = EXAMPLE.read_bytes()

    def one(i):
        with httpx.Client(base_url=base, timeout=300) as cl:
            r = cl.post("/api/check", files={"report": (f"报告{i:02d}.docx", data)})
            return i, r.status_code, r.json()

    with ThreadPoolExecutor(max_workers=20) as ex:
        results = list(ex.map(one, range(20)))
    ids = set()
    for i, status, body in results:
        assert status == 200, body
        assert {f["code"] for f in body["report"]["findings"]} == EXPECTED
        assert body["file"] == f"报告{i:02d}.docx"  # each user gets their own result back
        ids.add(body["id"])
    assert len(ids) == 20
    assert not [f for f in files_under(work) if f"{os.sep}in{os.sep}" in f]


CHROMIUM = __import__("cdp").CHROMIUM


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_page_in_headless_chromium(server, tmp_path):
    """A user chooses the report in the page, presses 开始检查, and sees the findings and the download link."""
    import httpx

    from cdp import Browser

    base, _work = server
    b = Browser(tmp_path / "profile")
    try:
        b.open(base + "/")
        b.choose_file("#check-report", str(EXAMPLE))
        b.eval("document.getElementById('check-submit').click()")
        marks = b.wait_for("""(() => { const d = document.getElementById('check-view').contentDocument;
            if (!d || !d.querySelector('mark.f')) return null;
            return [...d.querySelectorAll('mark.f')].map(m => [m.className, m.dataset.code, m.textContent]); })()""")
        assert ["f sev-error", "RN301", "党的十九大"] in marks and ["f sev-error", "RN201", "865件"] in marks
        items = b.eval("[...document.getElementById('check-view').contentDocument.querySelectorAll('.finding')].map(e => e.dataset.code)")
        assert set(items) == EXPECTED
        assert b.eval("document.getElementById('n-error').textContent") == "4"
        assert "第一责任人" in b.eval("document.getElementById('check-missing').textContent")
        href = b.eval("document.getElementById('dl-annotated').href")
        assert href.startswith(base + "/api/results/") and href.endswith("/reviewed.docx")
        got = httpx.get(href, timeout=60)
        assert len(docx.Document(io.BytesIO(got.content)).comments) == 4
        shot = tmp_path / "page.png"
        b.screenshot(shot)
        assert shot.stat().st_size > 20000
        if os.environ.get("REPORTNLP_DOCS_SCREENSHOT"):  # refresh docs/web_check.png
            b.screenshot(ROOT / "docs" / "web_check.png")
        # a bad upload in the page: one clear line, no stale result
        bad = tmp_path / "空.txt"
        bad.write_bytes(b"")
        b.choose_file("#check-report", str(bad))
        b.eval("document.getElementById('check-submit').click()")
        msg = b.wait_for("document.getElementById('check-status').classList.contains('error') && "
                         "document.getElementById('check-status').textContent")
        assert "空文件" in msg
        # a file over the limit is refused in the page before any upload
        big = tmp_path / "太大的报告.txt"
        with open(big, "wb") as fh:
            fh.truncate(25 * MB)
        b.choose_file("#check-report", str(big))
        b.eval("document.getElementById('check-submit').click()")
        msg = b.wait_for("document.getElementById('check-status').textContent.includes('上限') && "
                         "document.getElementById('check-status').textContent")
        assert msg == "“太大的报告.txt”超过单个文件 20 MB 的上限，未上传"
    finally:
        b.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_batch_in_headless_chromium(server, tmp_path):
    """Several reports chosen at once: progress, then the dashboard in the page and summary.xlsx."""
    import httpx

    from cdp import Browser

    base, _work = server
    paths = []
    for i, place in enumerate(["绿水县", "白石县", "红河县", "金山区", "东湖县", "南川县"]):
        text = county_report(place, with_fr=i % 3 != 1).replace("74次", f"{60 + 9 * i}次").replace("26人", f"{20 + 3 * i}人")
        p = tmp_path / f"{place}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    b = Browser(tmp_path / "profile")
    try:
        b.open(base + "/")
        b.eval("document.getElementById('tab-btn-compare').click()")
        b.choose_file("#tab-compare input[name=files]", *paths)
        assert b.eval("document.querySelector('#tab-compare .chosen').textContent") == "已选择 6 个文件"
        b.eval("document.getElementById('compare-submit').click()")
        kpi = b.wait_for("!document.getElementById('compare-result').hidden && document.getElementById('compare-kpi').textContent")
        assert "报告 6 份" in kpi and "缺第一责任人部分 2 份" in kpi
        assert b.eval("document.getElementById('compare-progress-text').textContent") == "已检查 6 / 6 份"
        heat = b.wait_for("""(() => { const d = document.getElementById('compare-view').contentDocument;
            return d && d.querySelectorAll('td.miss').length ? d.querySelectorAll('td.miss').length : null; })()""")
        assert heat == 2
        href = b.eval("document.getElementById('dl-summary').href")
        import pandas as pd

        sheets = pd.read_excel(io.BytesIO(httpx.get(href, timeout=60).content), sheet_name=None)
        assert len(sheets["法定部分"]) == 6
        if os.environ.get("REPORTNLP_DOCS_SCREENSHOT"):
            b.screenshot(ROOT / "docs" / "web_compare.png")
    finally:
        b.close()


def test_stopping_server_ends_a_running_batch(tmp_path):
    from reportnlp.web.jobs import JobStore
    from reportnlp.web.service import BatchProgress, Upload, compare_batch
    from reportnlp.web.storage import Workspace
    from reportnlp.web.uploads import WebError

    ups = []
    for place in ("绿水县", "白石县", "红河县"):
        p = tmp_path / f"{place}.txt"
        p.write_text(county_report(place), encoding="utf-8")
        ups.append(Upload(str(p), p.name))
    out = tmp_path / "out"
    out.mkdir()
    progress = BatchProgress(cancelled=True)
    with pytest.raises(WebError, match="已停止"):
        compare_batch(ups, str(out), progress)
    assert progress.done == 1 and not (out / "summary.xlsx").exists()
    # closing the store flags every job it knows
    ws = Workspace(str(tmp_path / "work"))
    jobs = JobStore(ws)
    release = threading.Event()
    job = jobs.submit(ws.new_area(), lambda j: release.wait(30) and {})
    jobs.close()
    release.set()
    assert job.progress.cancelled
    ws.close()
    assert not os.path.exists(ws.root)


def test_zip_made_on_chinese_windows_keeps_its_names(sandbox):
    """Such zips store GBK names without the UTF-8 flag; the page shows them as the user named them."""
    raw = zip_bytes([("AAAA.xlsx", b"sheet"), ("BBBBBB.txt", county_report("绿水县").encode())])
    raw = raw.replace(b"AAAA.xlsx", "说明.xlsx".encode("gbk")).replace(b"BBBBBB.txt", "绿水县.txt".encode("gbk"))
    with make_client(sandbox) as c:
        st = wait_job(c, c.post("/api/compare", files=[("files", ("县里.zip", raw))]).json())
        assert st["state"] == "done" and st["result"]["reports"] == 1
        assert st["result"]["skipped"] == ["县里.zip/说明.xlsx：不是报告文件（.docx、.txt、.doc、.wps），已跳过"]
