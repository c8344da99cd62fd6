"""disc merge into a ledger with a single top-level unit puts the merged units under it (issue 13,
item 5), so that `--rollup` of the ledger's own unit counts them; --parent and --top say otherwise."""

from __future__ import annotations

import csv
import io

import pytest

from tests.asserts import refused
from tests.conftest import dump, rows


def unit(path, org: str, n: int):
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    with Ledger.create(path, org) as led:
        for i in range(n):
            items.add_item(led, {"published": f"2023-05-{i + 1:02d}", "channel": "wechat", "category": "工作动态", "title": f"{org}{i}"})
    return path


@pytest.fixture
def units(tmp_path):
    return [unit(tmp_path / "南街街道.db", "南街街道", 3), unit(tmp_path / "北街街道.db", "北街街道", 4)]


@pytest.fixture
def district(tmp_path):
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "惠农区.db"
    with Ledger.create(path, "惠农区") as led:
        items.add_item(led, {"published": "2023-05-09", "channel": "portal", "category": "工作动态", "title": "区里自己的"})
    return path


def tree(path) -> list[tuple]:
    return rows(path, "SELECT o.name, p.name FROM org o LEFT JOIN org p ON p.id = o.parent_id ORDER BY o.id")


def rollup_cell(run, db, row: str, column: str, *extra: str) -> int:
    res = run("--db", db, "stats", "--year", "2023", "--rollup", "--format", "csv", "--table", "items", *extra)
    assert res.exit_code == 0, res.output
    cells = {(r["row"], r["column"]): int(r["value"]) for r in csv.DictReader(io.StringIO(res.stdout)) if r["table"] == "items"}
    return cells[(row, column)]


def test_units_go_under_the_single_top_level_unit(run, units, district):
    assert rollup_cell(run, district, "total", "total") == 1
    res = run("--db", district, "merge", *units)
    assert res.exit_code == 0, res.output
    assert "挂到「惠农区」之下" in res.stderr and "--top" in res.stderr
    assert tree(district) == [("惠农区", None), ("南街街道", "惠农区"), ("北街街道", "惠农区")]
    # the ledger's own unit, rolled up, now counts every merged item (before: 1 of 8)
    assert rollup_cell(run, district, "total", "total") == 8
    assert rollup_cell(run, district, "wechat", "total") == 7
    assert rollup_cell(run, district, "total", "total", "--org", "北街街道") == 4
    # merging again keeps the tree as it is
    assert run("--db", district, "merge", *units).exit_code == 0
    assert tree(district) == [("惠农区", None), ("南街街道", "惠农区"), ("北街街道", "惠农区")]


def test_units_merged_beside_it_before_are_moved_under_it(run, units, district):
    """A ledger merged by the older disc has its units at the top (as --top does now); the next
    merge without --top puts them below its own unit."""
    assert run("--db", district, "merge", *units, "--top").exit_code == 0
    assert tree(district) == [("惠农区", None), ("南街街道", None), ("北街街道", None)]
    assert rollup_cell(run, district, "total", "total") == 1
    res = run("--db", district, "merge", *units)
    assert res.exit_code == 0
    assert "单位「南街街道」已挂到「惠农区」之下" in res.stderr
    assert tree(district) == [("惠农区", None), ("南街街道", "惠农区"), ("北街街道", "惠农区")]
    assert rollup_cell(run, district, "total", "total") == 8


def test_parent_and_top_say_otherwise(run, units, district, tmp_path):
    from disclosure_cli.ledger import orgs
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(district) as led:
        orgs.add_org(led, "街道办", "惠农区")
    assert run("--db", district, "merge", units[0], "--parent", "街道办").exit_code == 0
    assert run("--db", district, "merge", units[1], "--top").exit_code == 0
    assert tree(district) == [("惠农区", None), ("街道办", "惠农区"), ("南街街道", "街道办"), ("北街街道", None)]
    before = dump(district)
    res = run("--db", district, "merge", units[1], "--top", "--parent", "街道办")
    refused(res, "--parent 与 --top 只能选一个")
    assert dump(district) == before


def test_no_default_when_the_ledger_has_several_top_level_units(run, units, tmp_path):
    from disclosure_cli.ledger import orgs
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "汇总.db"
    with Ledger.create(path, "甲区") as led:
        orgs.add_org(led, "乙区")
    res = run("--db", path, "merge", *units)
    assert res.exit_code == 0
    assert "挂到" not in res.stderr
    assert tree(path) == [("甲区", None), ("乙区", None), ("南街街道", None), ("北街街道", None)]
