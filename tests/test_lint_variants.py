"""Issue 11, found on variants of real reports: the same clean report in the shapes documents
arrive in — full-width digits, the look-alike radicals of browser-printed PDFs, Notepad's UTF-16,
a part heading run into its first paragraph — gives the same cells and no finding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

CLEAN = ROOT / "tests" / "fixtures" / "docs" / "lint" / "p9-city-rules-years-clean.txt"


def _cells(run, path: Path) -> dict:
    res = run("lint", "--extract", path, "--format", "json")
    assert res.exit_code == 0, res.output
    return {(c["table"], c["row"], c["column"]): (c["value"], c["status"]) for c in json.loads(res.stdout)}


def _variant(name: str, text: str) -> tuple[str, bytes]:
    if name == "fullwidth-digits":
        title, rest = text.split("\n", 1)
        return name, (title.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)}) + "\n" + rest).encode("utf-8")
    if name == "radicals":  # what Chromium's PDFs give for 人民政府
        return name, text.replace("人民政府", "\u2f08\u2ea0政府", 1).encode("utf-8")
    if name == "utf16":
        return name, text.encode("utf-16")
    if name == "run-in-heading":
        return name, text.replace("六、其他需要报告的事项\n\n", "六、其他需要报告的事项。").encode("utf-8")
    if name == "year-set-apart":  # a browser's PDF: the year on a line of its own under the title
        title, rest = text.split("\n", 1)
        return name, (title.replace("2023年", " 年", 1) + "\n2023\n" + rest).encode("utf-8")
    if name == "label-cut-in-a-narrow-cell":  # 自然/人 in a narrow column: the second line lost
        return name, text.replace("\t自然人\t", "\t自然\t", 1).encode("utf-8")
    raise AssertionError(name)


@pytest.mark.parametrize(
    "name", ["fullwidth-digits", "radicals", "utf16", "run-in-heading", "year-set-apart", "label-cut-in-a-narrow-cell"]
)
def test_a_clean_report_in_another_shape_stays_clean(run, tmp_path, name):
    text = CLEAN.read_text(encoding="utf-8")
    assert "六、其他需要报告的事项\n\n" in text
    _, data = _variant(name, text)
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    res = run("lint", path, "--format", "json")
    assert (res.exit_code, json.loads(res.stdout)) == (0, [])
    assert _cells(run, path) == _cells(run, CLEAN)
    got = json.loads(run("lint", "--extract", path, "--format", "json").stdout)
    assert {(c["org"], c["year"]) for c in got} == {("临河市人民政府", 2023)}


def test_t4_whose_blank_cells_were_lost_in_a_copy_is_unread_not_missing(run, tmp_path):
    from tests.conftest import shared_file

    text = shared_file("reference", "nanjie-2023-annual-report.txt").read_text(encoding="utf-8")
    path = tmp_path / "tabs-to-spaces.txt"  # the five blank 复议 cells collapse with the tabs
    path.write_text(text.replace("\t", "    "), encoding="utf-8")
    found = json.loads(run("lint", path, "--format", "json").stdout)
    rules = [f["rule"] for f in found]
    assert "FMT-TABLE-MISSING" not in rules
    assert any(f["rule"] == "READ-UNREAD" and f["table"] == "t4" for f in found)


def _one_cell_per_line(text: str, wrap: str = "") -> str:
    """What crawlers make of a tab-separated table: every cell on a line of its own (and, with
    wrap, that label broken in two)."""
    out = []
    for line in text.splitlines():
        if "\t" not in line:
            out.append(line)
            continue
        for cell in (c.strip() for c in line.split("\t")):
            if not cell:
                continue
            if wrap and cell == wrap:
                half = len(cell) // 2
                out += [cell[:half], cell[half:]]
            else:
                out.append(cell)
    return "\n".join(out) + "\n"


def test_the_2019_single_row_and_a_wrapped_label_one_cell_per_line(run, tmp_path):
    source = ROOT / "tests" / "fixtures" / "docs" / "lint" / "p7-format-2019.txt"
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "crawled.txt"
    path.write_text(_one_cell_per_line(text, wrap="（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), encoding="utf-8")
    assert _cells(run, path) == _cells(run, source)
    want = [f["rule"] for f in json.loads(run("lint", source, "--format", "json").stdout)]
    got = [f["rule"] for f in json.loads(run("lint", path, "--format", "json").stdout)]
    assert got == want


def test_a_table_row_broken_by_a_page(run, tmp_path):
    """「5.属于三」 and its figures at the foot of a page, 「类内部事务信息」 in an otherwise empty row
    at the top of the next: one row, not a blank one (as LibreOffice and Word print long tables)."""
    from tests.conftest import SAMPLE_DB

    db = tmp_path / "s.db"
    db.write_bytes(SAMPLE_DB.read_bytes())
    whole = tmp_path / "whole.html"
    assert run("--db", db, "report", "--year", "2023", "--format", "html", "-o", whole).exit_code == 0
    html = whole.read_text(encoding="utf-8")
    # the renderer's attributes may change; the row, its label cell and the spans are found by pattern
    m = re.search(r'<tr data-row="withheld.internal_affairs"><th scope="row"[^>]*>5.属于三类内部事务信息</th>', html)
    assert m, "the row of 5.属于三类内部事务信息 in the html report"
    row = m.group(0)
    i = m.start()
    end = html.index("</tr>", i) + len("</tr>")
    tail = '<tr><th scope="row">类内部事务信息</th>' + "<td></td>" * 7 + "</tr>"
    broken = html[:i] + row.replace("5.属于三类内部事务信息", "5.属于三") + html[i + len(row) : end] + tail + html[end:]
    broken = re.sub(r'rowspan="22"( scope="row" class="vlabel)', r'rowspan="23"\1', broken, count=1)
    broken = re.sub(r'<th rowspan="8"( scope="row"[^>]*>（三）不予公开)', r'<th rowspan="9"\1', broken, count=1)
    assert broken.count('rowspan="23"') == 1 and broken.count('rowspan="9"') == 1
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    assert _cells(run, path) == _cells(run, whole)
    rules = lambda p: sorted(f["rule"] for f in json.loads(run("lint", p, "--format", "json").stdout))  # noqa: E731
    assert rules(path) == rules(whole)
