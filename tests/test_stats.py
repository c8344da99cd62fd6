"""disc stats: items by channel × category, by month, the statutory tables; every format."""

from __future__ import annotations

import csv
import io
import json

from tests.asserts import refused
from tests.conftest import SAMPLE_DB


def _long(text: str) -> dict[tuple[str, str, str], str]:
    return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(text))}


def test_sample_items_match_the_sample_report(run):
    res = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--format", "csv")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == "year,org,table,row,column,value"
    cells = _long(res.stdout)
    assert cells[("items", "portal", "total")] == "3"
    assert cells[("items", "wechat", "total")] == "416"
    assert cells[("items", "board", "total")] == "66"
    assert cells[("items", "total", "total")] == "485"


def test_sample_t2_t3_t4(run):
    res = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t2", "--format", "csv")
    cells = _long(res.stdout)
    assert cells.pop(("t2", "penalty", "decisions")) == "21"
    assert len(cells) == 9 and set(cells.values()) == {"0"}
    for table, n in (("t3", 175), ("t4", 15)):
        cells = _long(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", table, "--format", "csv").stdout)
        assert len(cells) == n and set(cells.values()) == {"0"}
    t3 = _long(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t3", "--format", "csv").stdout)
    from disclosure_cli import vocab

    assert {(r, c) for _, r, c in t3} == set(vocab.t3_cells())


def test_voided_items_excluded_and_totals(run, db):
    for ch, cat, n in (("微信", "工作动态", 1), ("微信", "政策法规", 1), ("公示栏", "社会救助", 5), ("网站", "工作动态", 1)):
        run("--db", db, "add", "-c", ch, "-k", cat, "-t", "x", "-d", "2023-04-01", "-n", str(n))
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "去年", "-d", "2022-04-01")
    run("--db", db, "void", "4", "--reason", "误登")
    cells = _long(run("--db", db, "stats", "--year", "2023", "--table", "items", "--format", "csv").stdout)
    assert cells[("items", "wechat", "工作动态")] == "1"
    assert cells[("items", "wechat", "total")] == "2"
    assert cells[("items", "board", "total")] == "5"
    assert cells[("items", "portal", "total")] == "0"
    assert cells[("items", "total", "工作动态")] == "1"
    assert cells[("items", "total", "total")] == "7"


def test_by_month(run, db):
    run("--db", db, "add", "-c", "微信", "-k", "工作动态", "-t", "x", "-d", "2023-01-15")
    run("--db", db, "add", "-c", "公示栏", "-k", "工作动态", "-t", "x", "-d", "2023-03-15", "-n", "2")
    cells = _long(run("--db", db, "stats", "--year", "2023", "--by", "month", "--format", "csv").stdout)
    assert cells[("items_month", "2023-01", "wechat")] == "1"
    assert cells[("items_month", "2023-03", "board")] == "2"
    assert cells[("items_month", "2023-02", "total")] == "0"
    assert cells[("items_month", "total", "total")] == "3"
    assert "2023-03" in run("--db", db, "stats", "--year", "2023", "--by", "month", "--format", "md").stdout


def test_formats_and_output_file(run, tmp_path):
    data = json.loads(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "items", "--format", "json").stdout)
    assert {"year": 2023, "org": "惠农区南街街道", "table": "items", "row": "total", "column": "total", "value": 485} in data
    tsv = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t4", "--format", "tsv").stdout
    assert tsv.splitlines()[1] == "2023\t惠农区南街街道\tt4\treview\tupheld\t0"
    md = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t3", "--format", "md").stdout
    assert "一、本年新收政府信息公开申请数量" in md and "（七）总计" in md
    table = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--format", "table").stdout
    for label in ("政府网站", "微信公众号", "公示栏", "485", "行政处罚", "四、结转下年度继续办理", "未经复议直接起诉"):
        assert label in table
    out = tmp_path / "s.json"
    assert run("--db", SAMPLE_DB, "stats", "--year", "2023", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["table"] == "items"
    # piped (not a terminal): csv by default
    assert run("--db", SAMPLE_DB, "stats", "--year", "2023").stdout.startswith("year,org,table,row,column,value")


def test_stats_usage_errors(run):
    refused(run("--db", SAMPLE_DB, "stats"), "请用 --year 指定年度")
    refused(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--table", "t9"), "表「t9」无法识别，可用：items、t2、t3、t4")
    refused(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--format", "xml"), "输出格式「xml」不支持")
    refused(run("--db", SAMPLE_DB, "stats", "--year", "2023", "--by", "week"), "--by「week」不支持，可用：month")


def _totals_match(path) -> bool:
    from tests.conftest import rows

    kept = rows(path, "SELECT org_id, month, channel, category, total, unsigned FROM item_total WHERE total > 0 OR unsigned > 0 ORDER BY 1, 2, 3, 4")
    fresh = rows(
        path,
        "SELECT org_id, substr(published, 1, 7), channel, category, sum(count),"
        " sum(drafter IS NULL OR reviewer IS NULL OR approver IS NULL)"
        " FROM item WHERE voided_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    )
    return kept == fresh


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(1, 12), st.sampled_from(["wechat", "portal", "board"]), st.integers(1, 3), st.booleans()),
        st.tuples(st.just("edit"), st.integers(1, 30), st.integers(1, 12), st.sampled_from(["工作动态", "政策法规"])),
        st.tuples(st.just("void"), st.integers(1, 30)),
        st.tuples(st.just("import"), st.integers(1, 5), st.booleans()),
    ),
    max_size=25,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops)
def test_running_totals_always_equal_the_items(tmp_path_factory, ops):
    """item_total (kept by triggers, and in bulk by import) equals a GROUP BY over the items.

    Every add and import is valid and must succeed; an edit or void is refused only for the reason
    the ledger's state gives (no such item, nothing changed, already voided), and then exactly so."""
    import pytest

    from disclosure_cli.errors import BadInput, NotFound
    from disclosure_cli.ledger import importer, items
    from disclosure_cli.ledger.db import Ledger
    from tests.conftest import rows

    folder = tmp_path_factory.mktemp("totals")
    path = folder / "t.db"
    with Ledger.create(path, "测试单位") as led:
        for k, op in enumerate(ops):
            n = led.conn.execute("SELECT count(*) FROM item").fetchone()[0]
            if op[0] == "add":
                signed = {"drafter": "甲", "reviewer": "乙", "approver": "丙"} if op[4] else {}
                new_id = items.add_item(led, {"published": f"2023-{op[1]:02d}-05", "channel": op[2], "category": "工作动态",
                                              "title": "t", "count": op[3], **signed})
                assert new_id == n + 1
            elif op[0] == "edit":
                changes = {"published": f"2023-{op[2]:02d}-09", "category": op[3], "approver": "丁"}
                current = led.conn.execute("SELECT published, category, approver FROM item WHERE id = ?", (op[1],)).fetchone()
                if current is None:
                    with pytest.raises(NotFound, match=f"没有编号为 {op[1]} 的信息条目"):
                        items.edit_item(led, op[1], changes)
                elif current == tuple(changes.values()):
                    with pytest.raises(BadInput, match="修改后的内容与原来相同"):
                        items.edit_item(led, op[1], changes)
                else:
                    items.edit_item(led, op[1], changes)
                    assert led.conn.execute(
                        "SELECT published, category, approver FROM item WHERE id = ?", (op[1],)
                    ).fetchone() == tuple(changes.values())
            elif op[0] == "void":
                current = led.conn.execute("SELECT voided_at FROM item WHERE id = ?", (op[1],)).fetchone()
                if current is None:
                    with pytest.raises(NotFound, match=f"没有编号为 {op[1]} 的信息条目"):
                        items.void_item(led, op[1], "测试")
                elif current[0] is not None:
                    with pytest.raises(BadInput, match=f"信息条目 {op[1]} 已于 .* 作废"):
                        items.void_item(led, op[1], "测试")
                else:
                    items.void_item(led, op[1], "测试")
            else:
                f = folder / f"i{k}.csv"
                lines = ["发布日期,渠道,类别,标题,数量,签发人"] + [
                    f"2023-{m:02d}-01,微信,政策法规,x{m},{m},{'丙' if op[2] else ''}" for m in range(1, op[1] + 1)
                ]
                f.write_text("\n".join(lines) + "\n", encoding="utf-8")
                res = importer.import_items(led, str(f))
                # all rows in, except those identical to an item already there (an earlier import)
                assert (res.error_count, res.errors, res.rows + res.duplicates) == (0, [], op[1])
                assert led.conn.execute("SELECT count(*) FROM item").fetchone()[0] == n + res.rows
    assert rows(path, "SELECT count(*) FROM item WHERE title = 't'") == [(sum(op[0] == "add" for op in ops),)]
    assert _totals_match(path)
