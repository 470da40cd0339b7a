"""`reportnlp serve` against other web sites and hostile uploads: Host/Origin checks (DNS
rebinding, cross-site posts), upload names, malformed multipart bodies, damaged zips, the time limit."""
import pytest

pytest.importorskip("fastapi", reason="the web extra (reportnlp[web]) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from conftest import ROOT  # noqa: E402
from reportnlp.web import WebSettings, create_app  # noqa: E402
from test_web import EXAMPLE_TXT, make_client, sandbox, uploads_left  # noqa: E402,F401

REPORT = EXAMPLE_TXT.read_bytes()


def post_check(c, headers=None, name="r.txt"):
    return c.post("/api/check", files={"report": (name, REPORT)}, headers=headers or {})


# ---------------------------------------------------------------- Host
@pytest.mark.parametrize("host", ["evil.example", "attacker.test:8000", "127.0.0.1.evil.example", "",
                                  "127.0.0.1@evil.example", "[::1"])
def test_wrong_host_refused_in_chinese(sandbox, host):
    with make_client(sandbox) as c:
        r = c.get("/", headers={"host": host})
        assert r.status_code == 400 and "主机名" in r.json()["error"]
        r = post_check(c, {"host": host})
        assert r.status_code == 400 and "主机名" in r.json()["error"]
        assert uploads_left(sandbox) == []


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1"])
def test_loopback_names_accepted(sandbox, host):
    with make_client(sandbox) as c:
        assert c.get("/", headers={"host": host}).status_code == 200


def test_host_names_follow_the_address_served_on(sandbox):
    s = WebSettings(host="192.168.1.20", allowed_hosts=("fazhi.county.gov.cn",))
    assert s.host_names() == {"192.168.1.20", "fazhi.county.gov.cn"}  # not loopback: localhost names are not added
    assert {"localhost", "127.0.0.1", "::1"} <= WebSettings().host_names()
    assert {"localhost", "127.0.0.1"} <= WebSettings(host="0.0.0.0").host_names()
    app = create_app(WebSettings(work_dir=str(sandbox / "work"), host="192.168.1.20",
                                 allowed_hosts=("fazhi.county.gov.cn",)))
    with TestClient(app, base_url="http://fazhi.county.gov.cn") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "192.168.1.20:8000"}).status_code == 200
        assert c.get("/", headers={"host": "localhost:8000"}).status_code == 400


# ---------------------------------------------------------------- Origin
@pytest.mark.parametrize("headers", [
    {"origin": "http://evil.example"},
    {"origin": "http://127.0.0.1:9999"},  # another port of the same computer is another site
    {"origin": "https://127.0.0.1:8000"},
    {"origin": "null"},
    {"referer": "http://evil.example/page.html"},
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site", "origin": "http://127.0.0.1:8000"},
])
def test_cross_origin_post_refused(sandbox, headers):
    with make_client(sandbox) as c:
        r = post_check(c, headers)
        assert r.status_code == 403 and "其他网站" in r.json()["error"]
        r = c.post("/api/compare", files=[("files", ("a.txt", REPORT))], headers=headers)
        assert r.status_code == 403
        assert c.get("/", headers=headers).status_code == 200  # reading the page is not a change
        assert uploads_left(sandbox) == []


@pytest.mark.parametrize("headers", [
    {},  # curl, scripts, API clients
    {"origin": "http://127.0.0.1:8000"},
    {"origin": "http://127.0.0.1:8000", "sec-fetch-site": "same-origin"},
    {"origin": "null", "sec-fetch-site": "same-origin"},  # the page's own fetch under Referrer-Policy no-referrer
    {"referer": "http://127.0.0.1:8000/"},
])
def test_same_origin_and_plain_posts_work(sandbox, headers):
    with make_client(sandbox) as c:
        r = post_check(c, headers)
        assert r.status_code == 200, r.text


# ---------------------------------------------------------------- malformed requests
MALFORMED = [
    ("multipart/form-data", b"--abc\r\n"),  # no boundary
    ("multipart/form-data; boundary=abc", b"garbage"),
    ("multipart/form-data; boundary=abc", b"--abc\r\nContent-Disposition: form-data\r\n\r\nx\r\n--abc--\r\n"),  # no name
    ("multipart/form-data; boundary=abc", b"--abc\r\nbad header line\r\n\r\nx\r\n--abc--\r\n"),
    ("multipart/form-data; boundary=" + "a" * 300, b"--x"),
]


@pytest.mark.parametrize("ctype,body", MALFORMED)
@pytest.mark.parametrize("path", ["/api/check", "/api/compare", "/api/draft"])
def test_malformed_multipart_is_one_chinese_error(sandbox, ctype, body, path):
    with make_client(sandbox) as c:
        r = c.post(path, content=body, headers={"content-type": ctype})
        assert r.status_code == 400 and set(r.json()) == {"error"}, r.text
        assert "表单" in r.json()["error"] or "缺少" in r.json()["error"]
        assert uploads_left(sandbox) == []


def test_framework_refusals_are_chinese(sandbox):
    with make_client(sandbox) as c:
        r = c.get("/api/nothing-here")
        assert r.status_code == 404 and set(r.json()) == {"error"} and "没有这个页面" in r.json()["error"]
        r = c.get("/api/check")
        assert r.status_code == 405 and "请求方式" in r.json()["error"] and "POST" in r.headers["allow"]
        r = c.get("/static/nothing.js")
        assert r.status_code == 404 and set(r.json()) == {"error"}


# ---------------------------------------------------------------- upload names
def test_a_very_long_upload_name_keeps_its_extension(sandbox):
    from reportnlp.web.uploads import display_name

    long = "青山县教育局" * 50 + ".txt"  # 304 characters
    with make_client(sandbox) as c:
        r = post_check(c, name=long)
        assert r.status_code == 200, r.text
        shown = r.json()["file"]
        assert len(shown) == 120 and shown.endswith(".txt") and shown.startswith("青山县教育局")
        assert c.get(r.json()["links"]["json"]).headers["content-disposition"].endswith(".json")
    assert display_name("a" * 300 + ".docx").endswith("a.docx") and len(display_name("a" * 300 + ".docx")) == 120
    assert display_name("报告." + "x" * 300) == ("报告." + "x" * 300)[:120]  # a dot far back is no extension
    assert display_name("r.docx") == "r.docx" and display_name("") == "未命名文件"


# ---------------------------------------------------------------- damaged zips
def test_damaged_members_of_an_uploaded_zip_are_listed_and_the_rest_compared(sandbox):
    from test_web import county_report, wait_job, zip_bytes
    from zipdamage import damaged, garble, unknown_method

    good = {f"各县/{p}.txt": county_report(p).encode() for p in ("绿水县", "白石县", "红河县", "黄山县")}
    z = zip_bytes(list(good.items()))
    z = unknown_method(garble(z, "各县/白石县.txt"), "各县/红河县.txt")
    lz = damaged(zip_bytes([("黄山县.txt", good["各县/黄山县.txt"])]), "黄山县.txt", "lzma")
    with make_client(sandbox) as c:
        r = c.post("/api/compare", files=[("files", ("各县.zip", z)), ("files", ("黄山.zip", lz))])
        assert r.status_code == 202, r.text
        st = wait_job(c, r.json())
        assert st["state"] == "done", st
        res = st["result"]
        assert res["reports"] == 2  # 绿水县 and 黄山县 of the first archive
        skipped = "；".join(res["skipped"])
        for name in ("各县.zip/各县/白石县.txt", "各县.zip/各县/红河县.txt", "黄山.zip/黄山县.txt"):
            assert f"{name}：无法解压" in skipped, skipped
        assert uploads_left(sandbox) == []
        # an archive with nothing readable left is one clear refusal, not a 500
        r = c.post("/api/compare", files=[("files", ("黄山.zip", lz))])
        assert r.status_code == 400 and "无法解压" in r.json()["error"]


@pytest.mark.parametrize("how", ["deflate", "lzma", "method"])
def test_a_docx_with_a_damaged_member_is_one_clear_error(sandbox, how):
    from zipdamage import damaged

    from test_web import EXAMPLE

    bad = damaged(EXAMPLE.read_bytes(), "word/document.xml", how)
    with make_client(sandbox) as c:
        r = c.post("/api/check", files={"report": ("坏.docx", bad)})
        assert r.status_code == 422 and r.json()["error"].startswith("“坏.docx”：Word 文档"), r.text
        assert "内部错误" not in r.json()["error"]
        assert uploads_left(sandbox) == []


# ---------------------------------------------------------------- time limit per job
def test_a_job_past_the_time_limit_is_stopped_and_the_server_goes_on(sandbox, monkeypatch):
    import time

    import webjobs

    from reportnlp.web import service

    real = service.check_job
    # one worker: the stopped job must give its slot back for the next request to run at all
    with make_client(sandbox, workers=1, job_seconds=2) as c:
        monkeypatch.setattr(service, "check_job", webjobs.slow_check_job)  # sleeps 300 s in the worker process
        t0 = time.monotonic()
        r = post_check(c)
        took = time.monotonic() - t0
        assert r.status_code == 422 and r.json() == {"error": r.json()["error"]}, r.text
        assert "处理时间超过 2 秒的上限" in r.json()["error"] and took < 60
        assert uploads_left(sandbox) == []
        monkeypatch.setattr(service, "check_job", real)
        c.app.state.web.settings.job_seconds = 120  # a real check on a busy test machine may take over 2 s
        r = post_check(c)
        assert r.status_code == 200 and r.json()["counts"]["error"] >= 1, r.text
        assert c.get("/").status_code == 200


def test_a_batch_gives_each_file_the_same_time_limit(sandbox, monkeypatch):
    import importlib

    run = importlib.import_module("reportnlp.compare.run")
    from test_web import wait_job

    seen = {}

    def fake_run_local(files, jobs, progress=None, timeout=None, **kw):
        seen["timeout"] = timeout
        for _f in files:
            progress()
        return [{"file": f, "error": f"处理超时（超过 {timeout:g} 秒），已跳过"} for f in files]

    monkeypatch.setattr(run, "run_local", fake_run_local)  # the batch's thread looks it up when it starts
    with make_client(sandbox, job_seconds=7) as c:
        r = c.post("/api/compare", files=[("files", ("a.txt", REPORT))])
        st = wait_job(c, r.json())
        assert seen["timeout"] == 7 and st["state"] == "done"
        assert st["result"]["failed"][0]["error"] == "处理超时（超过 7 秒），已跳过"
