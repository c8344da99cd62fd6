"""`disc serve` (issue 14): the ledger as a web page, with no personal data in anything served.

The site is exercised through Datasette's own test client (every page a crawl reaches, and every
JSON and CSV export), through a real server in a subprocess (bound to 127.0.0.1), and in headless
Chromium where the machine has it.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from datasette.utils import tilde_encode

from disclosure_cli.ledger import browse
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report import site
from tests.conftest import SAMPLE_DB, tool_missing

NAME = "欧阳明珠"
PHONE = "13912345678"
ID_NUMBER = "640202198001011234"
ADDRESS = "惠农区南街幸福里7号楼302室"
COMPANY = "宁夏某某科技有限公司"
COMPANY_PHONE = "0952-3016688"
SECRETS = (NAME, PHONE, ID_NUMBER, ADDRESS, COMPANY, COMPANY_PHONE)
TODAY = date(2024, 1, 15)


def encodings(text: str) -> list[bytes]:
    return [text.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]


@pytest.fixture
def personal_db(db, run) -> Path:
    """A ledger holding two applicants' personal data, some of it also typed into free text."""

    def ok(*args: str) -> str:
        r = run("--db", db, *args)
        assert r.exit_code == 0, r.output
        return r.stdout.strip()

    ok("add", "-c", "微信", "-k", "工作动态", "-t", "社区开展志愿服务", "-d", "2023-05-06")
    ok("add", "-c", "公示栏", "-k", "社会救助", "-t", "3月低保名册公示", "-d", "2023-03-10", "-n", "2")
    ok("add", "-c", "网站", "-k", "通知公告", "-t", "关于春节值班的通知", "-d", "2023-01-20")
    ok(
        "request", "add", "--received", "2023-03-02", "--applicant-type", "自然人", "--via", "网络",
        "--subject", f"{NAME}要求公开某小区改造规划（联系电话{PHONE}）",
        "--name", NAME, "--phone", PHONE, "--id-number", ID_NUMBER, "--address", ADDRESS,
    )
    ok(
        "request", "add", "--received", "2023-11-20", "--applicant-type", "企业", "--via", "信函",
        "--subject", "某项目环境影响评价文件", "--name", COMPANY, "--phone", COMPANY_PHONE,
    )
    ok("request", "add", "--received", "2022-12-20", "--applicant-type", "自然人", "--subject", "拆迁补偿标准")
    ok("request", "close", "2023-001", "--outcome", "予以公开", "--date", "2023-03-20")
    ok("request", "pause", "2023-002", "--from", "2023-11-22", "--to", "2023-11-24", "--reason", f"征求{COMPANY}意见")
    ok("case", "add", "--kind", "review", "--filed", "2023-08-01", "--ref", "惠复〔2023〕12号")
    text = Path(db).with_name("五.md")
    text.write_text(f"本年度办理了{NAME}等申请人的申请。", encoding="utf-8")
    ok("narrative", "set", "--year", "2023", "--part", "五", "--file", str(text))
    raw = Path(db).read_bytes()
    assert NAME.encode() in raw and PHONE.encode() in raw  # the ledger itself holds them: the test is not empty
    return db


@pytest.fixture
def copy(personal_db, tmp_path) -> browse.BrowseCopy:
    served = tmp_path / "served"
    served.mkdir()
    with Ledger.open(personal_db) as led:
        return browse.make_copy(led, served / "ledger.db", today=TODAY)


def client_get(ds, paths: list[str]) -> dict[str, tuple[int, str, bytes]]:
    async def go():
        out = {}
        for p in paths:
            r = await ds.client.get(p)
            out[p] = (r.status_code, r.headers.get("content-type", ""), r.content)
        return out

    return asyncio.run(go())


# --------------------------------------------------------------------------- the file


def test_served_file_holds_no_trace_of_personal_data(copy):
    data = copy.path.read_bytes()
    for secret in SECRETS:
        for enc in encodings(secret):
            assert enc not in data, secret
    conn = sqlite3.connect(copy.path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "request_personal" not in names and "change_log" not in names
    assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)
    # masked where a clerk typed them, the rest of the text kept
    assert conn.execute("SELECT subject FROM request WHERE seq = 1 AND year = 2023").fetchone() == (
        f"{browse.MASK}要求公开某小区改造规划（联系电话{browse.MASK}）",
    )
    assert conn.execute("SELECT reason FROM request_pause").fetchone() == (f"征求{browse.MASK}意见",)
    assert conn.execute("SELECT text FROM narrative").fetchone() == (f"本年度办理了{browse.MASK}等申请人的申请。",)
    assert copy.masked_cells == 3  # subject (two values in one cell), pause reason, prose
    conn.close()


def test_copy_keeps_the_ledger_untouched_and_refuses_to_overwrite(personal_db, copy):
    with sqlite3.connect(personal_db) as conn:
        assert conn.execute("SELECT name, phone FROM request_personal ORDER BY request_id").fetchall() == [
            (NAME, PHONE),
            (COMPANY, COMPANY_PHONE),
        ]
    with Ledger.open(personal_db) as led, pytest.raises(Exception, match="已存在"):
        browse.make_copy(led, copy.path)


def test_masker_takes_the_longest_value_first():
    from disclosure_cli.personal import Masker

    mask = Masker(["张三", "张三丰", "138", "x"])
    assert mask("张三丰和张三，电话138") == f"{browse.MASK}和{browse.MASK}，电话{browse.MASK}"
    assert mask("没有") == "没有" and not mask.hit("没有")
    assert mask("x") == "x"  # one character is never masked (it would mask half the ledger)


# --------------------------------------------------------------------------- the site


def crawl(ds, limit: int = 600) -> dict[str, tuple[int, str, bytes]]:
    """Every page reachable from the first page by links (same site), plus JSON and CSV of each
    table, view and saved query, the database download and Datasette's own /-/ pages."""
    db = "ledger"
    conn = sqlite3.connect(ds.databases[db].path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    conn.close()
    extra = [f"/{db}.db", "/-/metadata.json", "/-/databases.json", "/-/settings.json", f"/{db}.json"]
    for t in tables + list(browse.canned_queries([], TODAY)):
        base = f"/{db}/{tilde_encode(t)}"
        extra += [base, base + ".json?_shape=array&_size=max", base + ".csv?_size=max", base + ".csv?_stream=on",
                  base + ".json?_shape=objects&_size=max&年度=2023"]
    seen: dict[str, tuple[int, str, bytes]] = {}
    queue = ["/", *extra]
    while queue and len(seen) < limit:
        batch = [p for p in dict.fromkeys(queue) if p not in seen][:50]
        queue = [p for p in queue if p not in seen and p not in batch]
        if not batch:
            break
        got = client_get(ds, batch)
        seen.update(got)
        for _status, ctype, body in got.values():
            if "html" not in ctype:
                continue
            for href in re.findall(r'href="([^"]+)"', body.decode("utf-8", "replace")):
                href = href.replace("&amp;", "&")
                parts = urlsplit(urljoin("http://localhost/", href))
                if parts.netloc != "localhost" or parts.path.startswith("/-/static"):
                    continue
                p = parts.path + (f"?{parts.query}" if parts.query else "")
                if p not in seen:
                    queue.append(p)
    return seen


def test_no_personal_data_in_any_page_json_or_csv(copy):
    ds = site.datasette(copy)
    pages = crawl(ds)
    assert len(pages) > 100  # the crawl went deep: facets, sorts, rows, exports
    kinds = {ctype.split(";")[0] for _, ctype, _ in pages.values()}
    assert {"text/html", "application/json", "text/plain"} <= kinds or {"text/html", "application/json", "text/csv"} <= kinds
    assert any(p.endswith(".csv?_size=max") for p in pages)
    for path, (status, _ctype, body) in pages.items():
        assert status < 500, path
        text = body.decode("utf-8", "replace") + unquote(body.decode("utf-8", "replace"))
        for secret in SECRETS:
            assert secret not in text, (path, secret)
            for enc in encodings(secret):
                assert enc not in body, (path, secret)
    # the table itself is gone, not hidden
    status, _, body = client_get(ds, ["/ledger.json?sql=select+name,+phone+from+request_personal"])[
        "/ledger.json?sql=select+name,+phone+from+request_personal"
    ]
    assert status == 400 and b"no such table: request_personal" in body


def test_pages_are_chinese_and_say_what_the_ledger_is(copy):
    ds = site.datasette(copy)
    index = client_get(ds, ["/"])["/"]
    assert index[0] == 200
    page = index[2].decode()
    for text in (
        "惠农区南街街道政务公开台账",
        "<strong>单位</strong>：惠农区南街街道",
        "<strong>年度</strong>：2022—2023年",
        "主动公开信息 4 条（3 条记录）",
        "政府信息公开申请 3 件，其中未办结 2 件、已逾期未答复 2 件（按 2024-01-15 计算）",
        "行政复议、行政诉讼案件 1 件",
        "已逾期未答复的申请",
        "表三（按单位）",
        "沉默的渠道",
        "各月信息条数",
    ):
        assert text in page, text
    for view in browse.VIEWS:
        assert f'href="/ledger/{tilde_encode(view)}"' in page

    got = client_get(ds, [f"/ledger/{tilde_encode(browse.REQUESTS_VIEW)}.json?_shape=objects&_sort=收到申请日期"])
    doc = json.loads(next(iter(got.values()))[2])
    assert doc["columns"] == [
        "申请编号", "单位", "收到申请日期", "申请人类型", "申请内容", "申请方式", "办理结果类别", "办理结果",
        "办结日期", "答复期限", "期限说明", "状态", "剩余工作日",
    ]
    rows = {r["申请编号"]: r for r in doc["rows"]}
    assert rows["2023-001"]["申请人类型"] == "自然人"
    assert rows["2023-001"]["申请方式"] == "网络"
    assert rows["2023-001"]["办理结果"] == "（一）予以公开"
    assert rows["2023-001"]["状态"] == "已办结"
    assert rows["2023-002"]["申请人类型"] == "商业企业"
    assert rows["2023-002"]["状态"] == "已逾期"
    assert rows["2022-001"]["答复期限"] == "2023-01-18"  # 20 working days after 2022-12-20, over 元旦

    got = client_get(ds, [f"/ledger/{tilde_encode(browse.ITEMS_VIEW)}.json?_shape=array&_sort=编号"])
    items = json.loads(next(iter(got.values()))[2])
    assert [(i["渠道"], i["类别"], i["数量"]) for i in items] == [
        ("微信公众号", "工作动态", 1), ("公示栏", "社会救助", 2), ("政府网站", "通知公告", 1),
    ]
    got = client_get(ds, [f"/ledger/{tilde_encode(browse.CASES_VIEW)}.json?_shape=array"])
    assert json.loads(next(iter(got.values()))[2]) == [
        {"编号": 1, "单位": "惠农区南街街道", "类型": "行政复议", "立案日期": "2023-08-01", "案号": "惠复〔2023〕12号",
         "结果": "尚未审结", "审结日期": None}
    ]


def test_the_site_is_read_only(copy):
    ds = site.datasette(copy)
    assert ds.databases["ledger"].is_mutable is False
    path = "/ledger.json?sql=update+item+set+title='x'"
    status, _, body = client_get(ds, [path])[path]
    assert status == 400
    with sqlite3.connect(copy.path) as conn:
        assert "x" not in {r[0] for r in conn.execute("SELECT title FROM item")}


def query(ds, name: str, **params: str) -> list[dict]:
    from urllib.parse import urlencode

    path = f"/ledger/{name}.json?_shape=array" + ("&" + urlencode(params) if params else "")
    status, _, body = client_get(ds, [path])[path]
    assert status == 200, body
    return json.loads(body)


def test_overdue_query_is_the_working_day_engine(copy, personal_db):
    from disclosure_cli.ledger import deadlines

    ds = site.datasette(copy)
    got = query(ds, browse.Q_OVERDUE)
    with Ledger.open(personal_db) as led:
        want = deadlines.list_statuses(led, overdue=True, today=TODAY)
    assert [(r["申请编号"], r["答复期限"]) for r in got] == [(s.number, s.deadline.due.isoformat()) for s in want]
    assert [(r["申请编号"], r["答复期限"], r["已逾期工作日"]) for r in got] == [
        ("2022-001", "2023-01-18", 247),
        ("2023-002", "2023-12-21", 16),  # received 11-20, 3 days paused (征求意见) push the deadline to 12-21
    ]


def test_items_by_month_query_equals_stats_by_month(tmp_path, run):
    served = tmp_path / "s"
    served.mkdir()
    with Ledger.open(SAMPLE_DB) as led:
        c = browse.make_copy(led, served / "ledger.db", today=TODAY)
    r = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--by", "month", "--format", "json")
    assert r.exit_code == 0
    stats = {(x["row"], x["column"]): x["value"] for x in json.loads(r.stdout)}
    got = query(site.datasette(c), browse.Q_MONTHS, 年度="2023")
    labels = dict(c.channels)
    assert len(got) == 13
    for row in got:
        month = "total" if row["月份"] == "合计" else row["月份"]
        for code, label in labels.items():
            assert row[label] == stats[(month, code)], (month, code)
        assert row["合计"] == stats[(month, "total")]
    assert query(site.datasette(c), browse.Q_MONTHS) == got  # year left blank: the latest year


def test_t3_by_unit_equals_the_report(db, run, tmp_path):
    from disclosure_cli.report import build

    def ok(*args: str) -> None:
        r = run("--db", db, *args)
        assert r.exit_code == 0, r.output

    ok("org", "add", "北街街道")
    for org, received, atype in (
        ("惠农区南街街道", "2022-11-02", "自然人"),
        ("惠农区南街街道", "2023-02-01", "自然人"),
        ("惠农区南街街道", "2023-12-25", "法律服务机构"),
        ("北街街道", "2023-04-01", "企业"),
        ("北街街道", "2023-05-01", "自然人"),
    ):
        ok("request", "add", "--org", org, "--received", received, "--applicant-type", atype, "--subject", "某事项")
    ok("request", "close", "2022-001", "--outcome", "重复申请", "--date", "2023-01-10")
    ok("request", "close", "2023-001", "--outcome", "部分公开", "--date", "2023-02-20")
    ok("request", "close", "2023-001", "--org", "北街街道", "--outcome", "本机关不掌握", "--date", "2023-04-20")
    served = tmp_path / "s"
    served.mkdir()
    with Ledger.open(db) as led:
        c = browse.make_copy(led, served / "ledger.db", today=TODAY)
        reports = {org: build.build_report(led, 2023, org=org) for org in ("惠农区南街街道", "北街街道")}
    got = {r["单位"]: r for r in query(site.datasette(c), browse.Q_T3_BY_UNIT, 年度="2023")}
    assert list(got) == ["惠农区南街街道", "北街街道", "合计"]
    from disclosure_cli import vocab

    def cell(org: str, row: str) -> int:
        return reports[org].t3[(row, "total")]

    for org in reports:
        r = got[org]
        assert r[vocab.T3_ROW_BY_CODE["new"].label] == cell(org, "new")
        assert r[vocab.T3_ROW_BY_CODE["carried_over"].label] == cell(org, "carried_over")
        assert r["（一）予以公开"] == cell(org, "granted")
        assert r["（二）部分公开"] == cell(org, "partial")
        assert r["（四）无法提供"] == sum(cell(org, c) for c in vocab.OUTCOME_CODES if c.startswith("unavailable."))
        assert r["（五）不予处理"] == sum(cell(org, c) for c in vocab.OUTCOME_CODES if c.startswith("not_processed."))
        assert r[vocab.G_TOTAL] == cell(org, "total")
        assert r[vocab.T3_ROW_BY_CODE["carried_forward"].label] == cell(org, "carried_forward")
    assert got["惠农区南街街道"][vocab.T3_ROW_BY_CODE["new"].label] == 2
    assert got["合计"][vocab.G_TOTAL] == 3


def test_silent_channels_finds_the_longest_gap(copy):
    got = query(site.datasette(copy), browse.Q_SILENT, 年度="2023")
    by_channel = {r["渠道"]: r for r in got}
    # 微信 posted once, on 05-06: the longest silence is from that post to the year's end (metrics.silence,
    # the same figure as disc units and check --assess: issue 21)
    assert by_channel["微信公众号"] == {
        "单位": "惠农区南街街道", "渠道": "微信公众号", "最长沉默天数": 239, "自": "2023-05-06", "至": "2023-12-31",
        "说明": "此后未再发布", "本年发布条数": 1, "最近发布日期": "2023-05-06",
    }
    assert by_channel["政府网站"]["自"] == "2023-01-20" and by_channel["政府网站"]["最长沉默天数"] == 345
    assert [r["渠道"] for r in got] == ["政府网站", "公示栏", "微信公众号"]  # longest first (公示栏: 03-11 to 12-31)


def test_silent_channels_of_a_channel_that_posts_every_day(tmp_path):
    served = tmp_path / "s"
    served.mkdir()
    with Ledger.open(SAMPLE_DB) as led:
        c = browse.make_copy(led, served / "ledger.db", today=TODAY)
    got = {r["渠道"]: r for r in query(site.datasette(c), browse.Q_SILENT, 年度="2023")}
    # the sample's 微信 posts every day of 2023: never more than a day between two posts
    assert got["微信公众号"]["最长沉默天数"] == 1
    assert got["微信公众号"]["本年发布条数"] == 416
    assert (got["政府网站"]["最长沉默天数"], got["政府网站"]["自"], got["政府网站"]["至"]) == (189, "2023-02-20", "2023-08-28")


# --------------------------------------------------------------------------- the command


def _disc(args: list[str], **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-m", "disclosure_cli", *args], env=env, text=True, **kw)


def test_serve_without_datasette_says_how_to_install(personal_db):
    code = (
        "import sys; sys.modules['datasette'] = None; sys.modules['datasette.app'] = None;"
        "from disclosure_cli.cli import main; sys.argv = ['disc', '--db', sys.argv[1], 'serve']; main()"
    )
    r = subprocess.run([sys.executable, "-c", code, str(personal_db)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "pip install 'disclosure_cli[web]'" in r.stderr
    assert r.stderr.startswith("错误：网页浏览（disc serve）需要 Datasette")
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_serve_refuses_a_port_in_use(personal_db, run):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    try:
        r = run("--db", personal_db, "serve", "--port", str(s.getsockname()[1]))
    finally:
        s.close()
    assert r.exit_code == 1
    assert "可能已被占用" in r.stderr


@pytest.fixture
def server(personal_db):
    """`disc serve --port 0` in a subprocess: (base url, process); stopped with Ctrl-C afterwards."""
    proc = _disc(["--db", str(personal_db), "serve", "--port", "0", "--today", TODAY.isoformat()],
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            url = m.group(0)
            break
    assert url, "".join(lines)
    yield url, proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def test_disc_serve_answers_on_loopback_only_and_stops_cleanly(server):
    url, proc = server
    with urllib.request.urlopen(url, timeout=30) as r:
        page = r.read().decode()
    assert "惠农区南街街道政务公开台账" in page and NAME not in page
    port = int(url.rsplit(":", 1)[1].strip("/"))
    tcp = Path("/proc/net/tcp")
    if tcp.exists():  # Linux: the listening socket's local address is 127.0.0.1 and nothing else
        listening = [ln.split()[1] for ln in tcp.read_text().splitlines()[1:] if ln.split()[3] == "0A"]
        ours = [a for a in listening if int(a.split(":")[1], 16) == port]
        assert ours == ["0100007F:" + f"{port:04X}"]
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "已停止，浏览副本已删除。" in err and "Traceback" not in err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(tool_missing("chromium", "chromium-browser", "google-chrome"),
                    reason="headless Chromium is not installed here (apt-get install chromium)")
def test_in_a_real_browser(server, tmp_path):
    url, _ = server
    r = chromium(["--dump-dom", url], tmp_path)
    assert r.returncode == 0, r.stderr
    dom = r.stdout
    assert "<h1>惠农区南街街道政务公开台账</h1>" in dom
    assert "已逾期未答复的申请" in dom
    requests_page = f"{url}ledger/{tilde_encode(browse.REQUESTS_VIEW)}"
    r = chromium(["--dump-dom", requests_page], tmp_path)
    assert "已逾期" in r.stdout and "自然人" in r.stdout and "2023-001" in r.stdout
    for page in (dom, r.stdout):
        for secret in SECRETS:
            assert secret not in page
    shot = tmp_path / "index.png"
    r = chromium(["--window-size=1280,1000", f"--screenshot={shot}", url], tmp_path)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- Datasette's own words in Chinese (issue 24)

# Datasette's interface words (0.65): none may be left on a page once the data is taken out
ENGLISH_UI = (
    "rows", "row", "records", "results", "sorted by", "descending", "ascending", "Apply", "View and edit SQL",
    "This data as", "Suggested facets", "Powered by", "Advanced export", "advanced", "JSON shape", "default",
    "array", "newline-delimited", "object", "Download file", "Expand labels", "Stream all rows", "CSV options",
    "Export CSV", "Query parameters", "Custom SQL query", "Run SQL", "Format SQL", "Edit SQL", "Hide", "Show",
    "Next page", "Sort", "Search", "remove filter", "column", "Queries", "Tables", "Views", "view", "hidden",
    "Many rows", "Download SQLite DB", "Links from other tables", "from", "home", "Menu", "Log out",
    "Table actions", "Queries took", "Data license", "Data source", "About", "Error", "where", "and",
    "contains", "starts with", "ends with", "like", "glob", "is null", "is not null", "blank", "in", "not in",
    "facet", "Type", "timed out", "extra where clause", "remove", "Invalid SQL", "not found", "no such column",
)
# ASCII words a page may keep: names of things, and disc's own commands on the first page
ASCII_OK = {"Datasette", "SQL", "SQLite", "JSON", "CSV", "KB", "MB", "disc", "stats", "serve"}
# elements whose text is data, not interface: cells, column heads, SQL, column choices, column notes
DATA_TAGS = {"script", "style", "td", "th", "pre", "textarea", "code", "option"}
DATA_CLASSES = {"column-descriptions"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText:
    """The words a reader sees on a page (text and the attributes a browser shows), data elements left out."""

    def __init__(self, page: str) -> None:
        from html.parser import HTMLParser

        self.out: list[str] = []
        stack: list[bool] = []  # per open element: is it (inside) data?
        out = self.out

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                data = bool(stack and stack[-1]) or tag in DATA_TAGS or bool(DATA_CLASSES & set((a.get("class") or "").split()))
                if not data:
                    out.extend(a[k] for k in ("title", "aria-label", "placeholder", "alt") if a.get(k))
                    if tag == "input" and a.get("type") in ("submit", "button", "reset") and a.get("value"):
                        out.append(a["value"])
                if tag not in VOID:
                    stack.append(data)

            def handle_endtag(self, tag):
                if tag not in VOID and stack:
                    stack.pop()

            def handle_data(self, text):
                if not (stack and stack[-1]):
                    out.append(text)

        # cells, scripts and styles go first (the parser is slow on a page of 50 rows; they are data anyway)
        Parser().feed(re.sub(r"<(td|script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S))

    def text(self, data: list[str]) -> str:
        """The visible text with every data string (names, values) taken out as a whole word."""
        text = "\n".join(self.out)
        text = re.sub(r"disc(?: --?[a-z-]+| [a-z]+)+", " ", text)  # disc's commands, quoted on the first page
        text = re.sub(r"(?<![A-Za-z])_[a-z_]+", " ", text)  # Datasette's URL parameters (_sort, _next) named in a message
        for d in data:
            if d in text:
                text = re.sub(rf"(?<![A-Za-z_]){re.escape(d)}(?![A-Za-z_])", " ", text)
        return text


def data_strings(path: Path, extra: list[str]) -> list[str]:
    """Every name and value in the served file with a Latin letter in it, longest first."""
    found = set(extra)
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").fetchall():
        found.add(name)
        cur = conn.execute(f'SELECT * FROM "{name}"')
        found.update(d[0] for d in cur.description)
        for row in cur:
            found.update(str(v) for v in row if v is not None)
    conn.close()
    return sorted((d for d in found if re.search(r"[A-Za-z]", d)), key=len, reverse=True)


@pytest.fixture
def sample_copy(tmp_path) -> browse.BrowseCopy:
    """The sample ledger (473 items: several pages, facets, every table with rows)."""
    served = tmp_path / "served"
    served.mkdir()
    with Ledger.open(SAMPLE_DB) as led:
        return browse.make_copy(led, served / "ledger.db", today=TODAY)


def crawl_pages(ds, limit: int) -> dict[str, tuple[int, str, bytes]]:
    """The HTML pages reachable from the first page by links: databases, tables, views, rows, queries,
    facets, sorts, next pages (exports and the database file left out). A page of a kind not yet seen
    (its path with numbers as N; filter, facet, sort or other parameters) goes first, so that a bounded
    crawl reaches every kind of page rather than every value of one facet."""
    from urllib.parse import parse_qsl

    def kind(p: str) -> tuple[str, frozenset[str]]:
        parts = urlsplit(p)
        keys = {re.sub(r"^_(facet|sort)\w*$", r"\1", k) if k.startswith("_") else "filter" for k, _ in parse_qsl(parts.query)}
        return re.sub(r"/\d+(?=/|$)", "/N", parts.path), frozenset(keys)

    seen: dict[str, tuple[int, str, bytes]] = {}
    kinds: set = set()
    queue = ["/"]
    while queue and len(seen) < limit:
        fresh, rest = [], []
        for p in dict.fromkeys(p for p in queue if p not in seen):
            k = kind(p)
            (rest if k in kinds else fresh).append(p)
            kinds.add(k)
        queue = fresh + rest
        batch, queue = queue[: min(20, limit - len(seen))], queue[min(20, limit - len(seen)) :]
        got = client_get(ds, batch)
        seen.update(got)
        for _status, ctype, body in got.values():
            for href in re.findall(r'href="([^"]+)"', body.decode("utf-8", "replace")) if "html" in ctype else ():
                parts = urlsplit(urljoin("http://localhost/", href.replace("&amp;", "&")))
                if parts.netloc != "localhost" or parts.path.startswith("/-/") or re.search(r"\.(json|csv|db)$", parts.path):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_every_page_says_datasettes_words_in_chinese(sample_copy, monkeypatch):
    ds = site.datasette(sample_copy)  # imports Datasette and its default plugins first
    monkeypatch.setattr(sys.modules["datasette.handle_exception"], "rich", None)  # no coloured traceback per error page
    pages = crawl_pages(ds, limit=150)
    for kind in (r"^/ledger/\w+/\d+$", "_next=", "_facet", "_sort", r"\?[^_]", "/ledger/overdue", "_show_hidden"):
        assert any(re.search(kind, p) for p in pages), kind  # the crawl reached rows, pages, facets, sorts, filters
    view = tilde_encode(browse.ITEMS_VIEW)
    asked = [  # pages a link does not reach: errors, filters a clerk types, the query's SQL shown
        "/ledger/nosuch", "/nosuch", "/ledger?sql=select+nope", "/ledger?sql=select+%2A+from", "/ledger/item/999999",
        "/ledger/item?published__gte=2023-06-01&channel__in=wechat,website&title__notblank=1&_sort_desc=published",
        "/ledger/item?title__contains=救助&url__isnull=1&_facet=channel&_facet_size=max&_nocol=url",
        f"/ledger/{view}?_sort=某列", "/ledger?_show_hidden=1", f"/ledger/{browse.Q_OVERDUE}?_show_sql=1",
        "/ledger/org/1", "/ledger/item.csv?_stream=on&_next=3",
    ]
    pages.update(client_get(ds, asked))
    # names too: the saved queries, the file's name, the column the bad SQL above asks for
    names = [*(ds.metadata("queries", database="ledger") or {}), "ledger.db", "ledger", "nope"]
    data = data_strings(sample_copy.path, names)
    html_pages = {p: body.decode() for p, (_, ctype, body) in pages.items() if "html" in ctype}
    assert len(html_pages) >= 150 and all(p in html_pages for p in asked if ".csv" not in p)
    for path, page in html_pages.items():
        text = VisibleText(page).text(data)
        words = re.findall(r"[A-Za-z]+", text)
        spaced = " " + " ".join(words).lower() + " "
        assert [w for w in ENGLISH_UI if f" {w.lower()} " in spaced] == [], path
        left = set(words) - ASCII_OK
        assert not left, (path, sorted(left))
    # what the pages say instead, in the words a clerk reads
    table = html_pages[asked[5]]
    assert "筛选：channel 是 “wechat”、“website” 之一，且 published ≥ “2023-06-01”，且 title 不为空；按 published 降序排列" in table
    for said in ("导出这些数据：", "更多选项", "下一页", "导出选项", "下载为文件", "导出全部行（不分页）", "建议的分面：",
                 "查看和修改 SQL", "由 disc 提供（基于", "查询用时", 'value="筛选"', "- 选择列 -", ">等于<", ">不为空<"):
        assert said in table, said
    assert "取消此分面" in html_pages[asked[6]] and "没有记录" not in html_pages[asked[6]]
    assert "<h1>出错了（404）</h1>" in html_pages[asked[0]] and "没有这个表" in html_pages[asked[0]]
    assert "没有这一列：nope" in html_pages[asked[2]] and "SQL 有误" not in html_pages[asked[2]]
    assert "没有这条记录" in html_pages[asked[4]]
    assert ">隐藏 SQL</a>）" in html_pages[asked[9]] and ">显示 SQL</a>）" in html_pages[f"/ledger/{browse.Q_OVERDUE}"]
    assert "其他表中引用这一行的记录" in html_pages[asked[10]]
    database = html_pages["/ledger"]
    for said in ("<h3>自定义 SQL 查询</h3>", 'value="运行 SQL"', '<h2 id="queries">常用查询</h2>', '<h2 id="views">视图</h2>',
                 "下载 SQLite 数据库文件："):
        assert said in database, said
    assert "<title>惠农区南街街道政务公开台账（全部数据表）</title>" in database
    assert '<html lang="zh-CN">' in database


# Datasette 0.65's static/table.js and what disc's copy says instead (site_templates/static/table.js)
TABLE_JS_WORDS = (
    ('href="#">Sort ascending</a>', 'href="#">升序排列</a>'),
    ('href="#">Sort descending</a>', 'href="#">降序排列</a>'),
    ('href="#">Facet by this</a>', 'href="#">按此列分面统计</a>'),
    ('href="#">Hide this column</a>', 'href="#">隐藏此列</a>'),
    ('href="#">Show all columns</a>', 'href="#">显示全部列</a>'),
    ('href="#">Show not-blank rows</a>', 'href="#">只看此列不为空的行</a>'),
    ('var notNull = th.dataset.columnNotNull == 1 ? " NOT NULL" : "";',
     'var notNull = th.dataset.columnNotNull == 1 ? "，不可为空" : "";'),
    ("columnTypeP.innerText = `Type: ${columnType.toUpperCase()}${notNull}`;",
     "columnTypeP.innerText = `类型：${DISC_COLUMN_TYPES[columnType] || columnType.toUpperCase()}${notNull}`;"),
    ('a.setAttribute("aria-label", "Remove this filter");', 'a.setAttribute("aria-label", "去掉此筛选");'),
)


def test_the_column_menu_is_chinese_and_otherwise_datasettes_own(sample_copy):
    """The table page loads disc's table.js: Datasette's script with its words in Chinese and nothing
    else changed (a Datasette upgrade that changes the script fails here: copy it again)."""
    import datasette

    ds = site.datasette(sample_copy)
    page = client_get(ds, ["/ledger/item"])["/ledger/item"][2].decode()
    src = re.search(r'<script src="([^"]*table\.js)" defer>', page)[1]
    assert src == "/-/disc-static/table.js"
    status, ctype, body = client_get(ds, [src])[src]
    assert status == 200 and "javascript" in ctype
    ours = body.decode()
    theirs = (Path(datasette.__file__).parent / "static" / "table.js").read_text(encoding="utf-8")
    for english, chinese in TABLE_JS_WORDS:
        assert english in theirs and chinese in ours, english
        theirs = theirs.replace(english, chinese)
    assert ours.endswith(theirs)
    code = re.sub(r"(?m)^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", ours, flags=re.S))  # comments are not shown
    for english in ("Sort ascending", "Facet by", "Hide this", "Show ", "Type:", "Remove this", "NOT NULL"):
        assert english not in code, english


def test_datasettes_words_said_in_python_are_translated():
    """Words Datasette computes (crumbs, show/hide, errors) and the filter sentence it builds."""
    from datasette.filters import Filters

    assert [site.zh(w) for w in ("home", "ledger", "show", "hide", "Invalid SQL", "Table not found")] == [
        "首页", "台账", "显示 SQL", "隐藏 SQL", "SQL 有误", "没有这个表"]
    assert site.zh("Cannot sort table by 标题") == "不能按 标题 排序"
    assert site.zh("<p>SQL query took too long. The time limit is …").startswith("查询用时过长，已停止（时限 3000 毫秒）")
    assert site.zh("某个数据值") == "某个数据值"
    keys = {key for key, _, _ in Filters([]).lookups()}
    assert keys <= set(site.LOOKUPS), keys - set(site.LOOKUPS)  # every operator Datasette offers is said in Chinese
    f = Filters([("渠道", "微信"), ("标题__contains", "救助"), ("网址__isblank", "1")])
    english = f.human_description_en() + " sorted by 发布日期 descending"
    assert site.describe_filters(f, None, "发布日期", None, english) == (
        "筛选：渠道 等于 “微信”，且 标题 包含 “救助”，且 网址 为空（无值或空白）；按 发布日期 降序排列")
    assert site.describe_filters(Filters([]), "id", None, None, "") == ""  # the primary key's default order is not said


def test_open_says_when_no_browser_could_be_opened(monkeypatch):
    import webbrowser

    from disclosure_cli.report import site

    said: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    site._open_when_up(type("S", (), {"started": True})(), "http://127.0.0.1:8001/", said.append)
    assert said == ["没有找到可以打开的浏览器：请在本机的浏览器中打开 http://127.0.0.1:8001/"]
    said.clear()
    monkeypatch.setattr(webbrowser, "open", lambda url: True)
    site._open_when_up(type("S", (), {"started": True})(), "http://127.0.0.1:8001/", said.append)
    assert said == []
