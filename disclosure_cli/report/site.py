"""The ledger as a web page (`disc serve`): a Datasette site over the browsable copy.

Datasette is an optional extra (`pip install 'disclosure_cli[web]'`) and is imported only here,
inside the functions that need it. The site serves the copy made by ledger.browse.make_copy (no
personal data in the file), opened immutable (read-only), from a socket bound to 127.0.0.1 only.
Chinese titles, column notes and the saved queries come from Datasette metadata; the first page is
our own template (site_templates/index.html) saying what the ledger is. Datasette's own words are
Chinese too (issue 24): site_templates/ overrides its templates (copied from Datasette 0.65, the
interface words translated, the data untouched), site_templates/static/table.js is its column menu
in Chinese, and the few words Datasette computes in Python (filter operators, the filter and sort
description, "home", "show"/"hide", error titles) pass through the template helpers below.
"""

from __future__ import annotations

import html
import json
import re
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import DiscError
from disclosure_cli.ledger import browse
from disclosure_cli.ledger.db import Ledger

HOST = "127.0.0.1"  # never another interface: the ledger is not for the office network
DEFAULT_PORT = 8001
DB_NAME = "ledger"  # the served file's stem, ASCII so that addresses stay readable (/ledger/…)
TEMPLATES = Path(__file__).resolve().parent / "site_templates"
INSTALL_HINT = "pip install 'disclosure_cli[web]'"


class WebMissing(DiscError):
    """Datasette (the optional [web] extra) is not installed."""


def require_web() -> None:
    """Datasette and uvicorn importable, else a Chinese message telling how to install them."""
    try:
        import datasette.app  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as e:
        raise WebMissing(
            "网页浏览（disc serve）需要 Datasette，本机尚未安装。请运行：\n"
            f"    {INSTALL_HINT}\n"
            f"（从源码目录安装时：pip install '.[web]'）。缺少：{e.name or e}"
        ) from None


# --------------------------------------------------------------------------- column notes of the raw tables

_TABLES: dict[str, tuple[str, bool, dict[str, str]]] = {
    # name: (title, hidden, column notes)
    "item": ("主动公开信息（原始记录，含作废）", True, {
        "published": "发布日期", "channel": "渠道代码", "category": "类别", "title": "标题", "count": "数量（同一信息多次张贴）",
        "formed": "信息形成或变更日期", "drafter": "起草", "reviewer": "审核", "approver": "签发",
        "voided_at": "作废时间", "void_reason": "作废原因",
    }),
    "request": ("申请（原始记录，代码）", True, {
        "year": "收到年度", "seq": "年度内序号", "received": "收到申请日期", "applicant_type": "申请人类型代码",
        "subject": "申请内容", "via": "申请方式代码", "outcome": "办理结果代码", "closed": "办结日期",
    }),
    "legal_case": ("复议诉讼（原始记录，代码）", True, {
        "kind": "类型代码", "filed": "立案日期", "ref": "案号", "result": "结果代码", "decided": "审结日期",
    }),
    "document": ("规章和行政规范性文件", False, {
        "kind": "类型：regulation 规章，normative_document 行政规范性文件", "number": "文号", "title": "标题",
        "issued": "制发日期", "repealed": "废止日期", "voided_at": "作废时间", "void_reason": "作废原因",
    }),
    "decision": ("行政许可、处罚、强制决定", False, {
        "kind": "类型：license 行政许可，penalty 行政处罚，coercion 行政强制", "decided": "决定日期",
        "count": "数量", "ref": "决定书文号", "voided_at": "作废时间", "void_reason": "作废原因",
    }),
    "fee_receipt": (vocab.T2_ROWS.label("fee"), False, {
        "received": "收费日期", "amount_fen": "金额（分）", "note": "备注", "voided_at": "作废时间",
    }),
    "narrative": ("年度报告正文", False, {"year": "年度", "part": "部分（一至六）", "text": "正文", "updated_at": "更新时间"}),
    "org": ("单位", True, {"name": "单位名称", "parent_id": "上级单位"}),
    "channel": ("渠道", True, {"code": "代码", "label": "名称", "aliases": "别名"}),
    "category": ("类别", True, {"name": "类别", "aliases": "别名"}),
    "meta": ("台账信息", True, {}),
    "item_total": ("信息条数（按单位、月份、渠道、类别累计）", True, {
        "month": "月份", "channel": "渠道代码", "category": "类别", "total": "条数", "unsigned": "三审不全的条数",
    }),
    "holiday": ("登记的节假日和调休", True, {"day": "日期", "working": "1 上班，0 放假", "reason": "原因"}),
    "request_correction": ("补正", True, {"sent": "补正通知发出日期", "received": "收到补正日期"}),
    "request_extension": ("延长答复期限", True, {"days": "延长工作日数", "approved_by": "批准人", "decided": "批准日期"}),
    "request_pause": ("不计入期限的时间", True, {"start_day": "起", "end_day": "止", "reason": "原因"}),
    "request_fee": ("信息处理费", True, {"method": "item 按件，page 按量", "amount_fen": "金额（分）", "notice": "通知日期", "paid": "缴费日期"}),
    "request_deadline": ("答复期限（浏览副本生成时按工作日算出）", True, {
        "due": "答复期限", "provisional": "1：期限所在年份的放假安排未公布（暂定）", "status": "状态代码",
        "workdays_left": "距期限的工作日（负数为已逾期）",
    }),
    "vocab_label": ("代码与中文名称", True, {"vocab": "代码表", "code": "代码", "label": "中文名称"}),
    "merge_source": ("合并进来的单位台账", True, {"org": "单位", "file": "文件", "last_merged": "最近合并"}),
}

_VIEWS: dict[str, tuple[str, list[str], str]] = {
    browse.ITEMS_VIEW: ("每条主动公开信息：单位、发布日期、渠道、类别、标题（不含作废的）。可按渠道、类别、月份筛选。",
                        ["渠道", "类别", "月份"], "发布日期"),
    browse.REQUESTS_VIEW: ("每件政府信息公开申请：申请人类型、办理结果、答复期限和状态（不含申请人个人信息，不含作废的）。",
                           ["状态", "申请人类型", "办理结果类别"], "收到申请日期"),
    browse.CASES_VIEW: ("政府信息公开行政复议、行政诉讼案件（不含作废的）。", ["类型", "结果"], "立案日期"),
}


def _years(years: list[int]) -> str:
    if not years:
        return "尚无记录"
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
    return "、".join(f"{y}年" for y in years)


def summary_html(copy: browse.BrowseCopy) -> str:
    """The first page's account of the ledger: unit, years, counts, and what the copy leaves out."""
    s = copy.summary
    e = html.escape
    units = s["units"]
    lines = [
        f"<p><strong>单位</strong>：{e(s['org'])}"
        + (f"（台账共记 {len(units)} 个单位）" if len(units) > 1 else "")  # not all need be below it
        + "</p>",
        f"<p><strong>年度</strong>：{e(_years(s['years']))}</p>",
        '<ul class="bullets">',
        f"<li>主动公开信息 {s['items']:,} 条（{s['item_records']:,} 条记录）</li>",
        f"<li>政府信息公开申请 {s['requests']:,} 件，其中未办结 {s['open_requests']:,} 件、"
        f"已逾期未答复 {s['overdue']:,} 件（按 {e(s['as_of'])} 计算）</li>",
        f"<li>行政复议、行政诉讼案件 {s['cases']:,} 件</li>",
        f"<li>规章和行政规范性文件 {s['documents']:,} 件；行政许可、处罚、强制决定 {s['decisions']:,} 件</li>",
        "</ul>",
        "<p>这是台账的只读副本，只能查看，不能修改。副本中没有申请人的姓名、证件号码、电话、地址，"
        "也没有修改记录；正文中出现的申请人信息已替换为“" + e(browse.MASK) + "”。"
        "数据截至副本生成时，重新运行 disc serve 即更新。</p>",
    ]
    return "\n".join(lines)


def metadata(copy: browse.BrowseCopy) -> dict[str, Any]:
    """Datasette metadata: Chinese titles, column notes, facets, the saved queries, the first page."""
    s = copy.summary
    db = copy.path.stem  # Datasette names a database after its file
    title = f"{s['org']}政务公开台账"
    tables: dict[str, Any] = {}
    for name, (t, hidden, cols) in _TABLES.items():
        tables[name] = {"title": t, "hidden": hidden, "columns": cols}
    for name, (desc, facets, sort) in _VIEWS.items():
        f = (["单位"] if len(s["units"]) > 1 else []) + facets
        tables[name] = {"title": name, "description": desc, "facets": f, "sort_desc": sort}
    queries = {
        name: {"title": q["title"], "description": q["description"], "sql": q["sql"], "hide_sql": True}
        for name, q in copy.queries.items()
    }
    return {
        "title": title,
        "description_html": summary_html(copy),
        "databases": {
            db: {
                "title": f"{title}（全部数据表）",
                "description": "隐藏的表是原始记录（代码而非中文名称）；日常查看请用上面三个视图和常用查询。",
                "tables": tables,
                "queries": queries,
            }
        },
        # read by site_templates/index.html: what the first page links to, in this order
        "disc": {
            "database": db,
            "views": [{"name": n, "description": d} for n, (d, _, _) in _VIEWS.items()],
            "queries": [{"name": n, "title": q["title"], "description": q["description"]} for n, q in copy.queries.items()],
        },
    }


# --------------------------------------------------------------------------- Datasette's own words

# The filter operators of datasette.filters.Filters, by key (their English label is the fallback)
LOOKUPS = {
    "exact": "等于", "not": "不等于", "contains": "包含", "endswith": "结尾是", "startswith": "开头是",
    "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "like": "符合模式（% 任意字符）", "notlike": "不符合模式（%）",
    "glob": "符合通配（* 任意字符）", "in": "是其中之一（逗号分隔）", "notin": "不是其中之一", "arraycontains": "列表包含",
    "arraynotcontains": "列表不包含", "date": "日期是", "isnull": "无值", "notnull": "有值",
    "isblank": "为空（无值或空白）", "notblank": "不为空",
}
# Words Datasette hands the templates ready-made; a template passes them through |zh
WORDS = {
    "home": "首页", DB_NAME: "台账", "show": "显示 SQL", "hide": "隐藏 SQL", "array": "数组", "date": "日期",
    "column": "列", "Invalid SQL": "SQL 有误", "SQL Interrupted": "查询超时", "Database not found": "没有这个数据库",
    "Table not found": "没有这个表", "Record not found": "没有这条记录", "No data": "没有数据", "404": "没有这个页面",
    "Not found": "没有这个页面", "Permission denied": "没有权限", "Database is immutable": "数据库是只读的",
    "Cannot use _sort and _sort_desc at the same time": "不能同时按升序（_sort）和降序（_sort_desc）排列",
    "_size must be a positive integer": "_size 必须是正整数", "_facet= is not allowed": "不允许分面（_facet=）",
    "CSV streaming is disabled": "不允许导出全部行", "_next not allowed for CSV streaming": "导出全部行时不能用 _next",
}
_ERRORS = (
    (r"^Cannot sort table by (.+)$", "不能按 {0} 排序"),
    (r"^_size must be <= (\d+)$", "_size 不能大于 {0}"),
    (r"^no such column: (.+)$", "没有这一列：{0}"),
    (r"^no such table: (.+)$", "没有这个表：{0}"),
    (r"^_(no)?col=(.+) - invalid columns$", "没有这些列：{1}"),
    (r"^<p>SQL query took too long\.", "查询用时过长，已停止（时限 {ms} 毫秒）。请缩小查询范围后再试。"),
    (r"^Statement must be a SELECT$", "只能运行 SELECT 查询"),
    (r"^(?:near|incomplete input|unrecognized token)\b(.*)$", "SQL 语法有误：{0}"),
)


def zh(text: Any) -> Any:
    """A word or message Datasette computed in English, in Chinese (unknown text unchanged)."""
    if not isinstance(text, str):
        return text
    key = str(text)
    if key in WORDS:
        return WORDS[key]
    for pattern, said in _ERRORS:
        m = re.match(pattern, key, re.S)
        if m:
            return said.format(*(g or "" for g in m.groups()), ms=SETTINGS["sql_time_limit_ms"])
    return text


def lookup_label(key: str, display: str) -> str:
    return LOOKUPS.get(key, display)


def describe_filters(filters: Any, sort: str | None, sort_desc: str | None, search: Any, english: str | None) -> str:
    """The table page's 「筛选：渠道 等于 “微信公众号”；按 发布日期 降序排列」: Datasette's human_description_en
    (english) said again from the same filters, as translating its sentence would misread values."""
    bits = [f"搜索“{search}”"] if search and isinstance(search, str) else []
    for column, lookup, value in filters.selections() if filters else ():
        op = LOOKUPS.get(lookup, lookup)
        if lookup in ("isnull", "notnull", "isblank", "notblank"):
            bits.append(f"{column} {op}")
        elif lookup in ("in", "notin"):
            values = "、".join(f"“{v}”" for v in _split_in(value))
            bits.append(f"{column} {'是' if lookup == 'in' else '不是'} {values} 之一")
        else:
            bits.append(f"{column} {op} “{value}”")
    said = "筛选：" + "，且 ".join(bits) if bits else ""
    english = str(english or "")
    # the template's sort is the primary key when none was asked for; Datasette says only a real one
    if sort and english.endswith(f"sorted by {sort}"):
        order = f"按 {sort} 升序排列"
    elif sort_desc and english.endswith(f"sorted by {sort_desc} descending"):
        order = f"按 {sort_desc} 降序排列"
    else:
        return said
    return f"{said}；{order}" if said else order


def _split_in(value: str) -> list[str]:
    """Datasette's __in value: a JSON list or comma-separated."""
    if value.startswith("["):
        try:
            return [str(v) for v in json.loads(value)]
        except ValueError:
            pass
    return value.split(",")


SETTINGS = {
    "default_page_size": 50,
    "max_returned_rows": 5000,
    "sql_time_limit_ms": 3000,
    "allow_download": True,  # the copy holds no personal data: a supervisor may take the file
    "default_cache_ttl": 0,
}


def datasette(copy: browse.BrowseCopy):  # -> datasette.app.Datasette (imported lazily)
    """The Datasette instance over the copy: immutable (read-only), Chinese metadata, our first page."""
    require_web()
    from datasette.app import Datasette

    ds = Datasette(
        immutables=[str(copy.path)],
        metadata=metadata(copy),
        template_dir=str(TEMPLATES),
        settings=SETTINGS,
        static_mounts=[("-/disc-static", str(TEMPLATES / "static"))],  # table.js in Chinese
    )
    ds.jinja_env.filters["zh"] = zh
    ds.jinja_env.globals.update(describe_filters=describe_filters, lookup_label=lookup_label)
    return ds


# --------------------------------------------------------------------------- serving


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 only; a port in use is a clear error, not a traceback."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError as e:
        sock.close()
        raise DiscError(f"无法使用端口 {port}（{e.strerror or e}）：可能已被占用，请换一个，如 disc serve --port {port + 1}") from None
    sock.listen(128)
    return sock


def serve(
    ledger: Ledger,
    *,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    today: date | None = None,
    say: Callable[[str], None] | None = None,
) -> None:
    """`disc serve`: make the copy in a temporary folder, serve it until Ctrl-C, then delete it."""
    require_web()
    import uvicorn

    say = say or (lambda text: sys.stderr.write(text + "\n"))
    sock = bind(port)
    try:
        with tempfile.TemporaryDirectory(prefix="disc-serve-") as tmp:
            copy = browse.make_copy(ledger, Path(tmp) / f"{DB_NAME}.db", today=today)
            ds = datasette(copy)
            # a wrong address or a bad SQL query is answered by a Chinese page; Datasette would also
            # print a coloured traceback with its local variables on the clerk's terminal for each
            _datasette_module("handle_exception").rich = None
            from asyncio import run

            run(ds.invoke_startup())
            real_port = sock.getsockname()[1]
            url = f"http://{HOST}:{real_port}/"
            config = uvicorn.Config(ds.app(), log_level="warning", access_log=False, lifespan="on")
            server = uvicorn.Server(config)
            s = copy.summary
            say(
                f"正在提供「{s['org']}」台账的只读浏览副本（不含申请人个人信息，期限按 {s['as_of']} 计算）：\n"
                f"    {url}\n只有本机可以访问。按 Ctrl-C 停止。"
            )
            if open_browser:
                threading.Thread(target=_open_when_up, args=(server, url, say), daemon=True).start()
            # uvicorn shuts down gracefully on Ctrl-C or SIGTERM, then raises the signal again: for
            # `disc serve` that is the normal way to stop, so both end here and the copy is deleted
            old_term = signal.signal(signal.SIGTERM, _stop)
            try:
                server.run(sockets=[sock])
            except KeyboardInterrupt:
                pass
            finally:
                signal.signal(signal.SIGTERM, old_term)
        say("已停止，浏览副本已删除。")
    finally:
        sock.close()


def _datasette_module(name: str) -> Any:
    """A module of Datasette's already imported (as datasette() does, so that its plugins are registered)."""
    return sys.modules[f"datasette.{name}"]


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _open_when_up(server: Any, url: str, say: Callable[[str], None]) -> None:
    """--open: the browser once the server answers; a machine without one (a server room, a locked
    desktop) is told so, with the address to open by hand, rather than nothing happening."""
    import time
    import webbrowser

    for _ in range(200):
        if server.started:
            try:
                opened = webbrowser.open(url)
            except Exception:  # noqa: BLE001 - any failure of the platform's launcher means the same to the clerk
                opened = False
            if not opened:
                say(f"没有找到可以打开的浏览器：请在本机的浏览器中打开 {url}")
            return
        time.sleep(0.05)
    say(f"浏览服务没有按时启动，未能打开浏览器；启动后请在浏览器中打开 {url}")
