"""Every terminal listing whole at 80 columns (issue 24).

Each table-printing command runs on a real pseudo-terminal 80 columns wide against the demonstration
ledger; its key column (request number, letter number, unit, rule, date, file) must appear whole —
never cut to 「202…」 — and no line may be wider than the terminal. The keys are read from the same
command's CSV, so a listing that drops a row fails too.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest

from disclosure_cli.text import display_width
from tests.conftest import DISC
from tests.terminal import pty_run

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

# command (after --db) → the CSV column that is its key
LISTINGS: list[tuple[tuple[str, ...], str]] = [
    (("list", "--limit", "20"), "id"),
    (("log", "--limit", "20"), "id"),
    (("request", "list"), "number"),
    (("request", "letters"), "number"),
    (("case", "list"), "id"),
    (("doc", "list"), "number"),
    (("units", "--year", "2023", "--org", "示例区"), "org"),
    (("report", "published"), "org"),
    (("check", "--list-rules"), "code"),
    (("holiday", "list", "--year", "2023"), "day"),
    (("explain", "--year", "2023", "--table", "t3", "--row", "granted", "--column", "total"), "ref"),
    (("due", "--today", "2023-10-09"), "due"),
    (("narrative", "placeholders", "--year", "2023"), "key"),
    (("org", "list"), "name"),
    (("channels",), "code"),
    (("check", "--year", "2023", "--org", "示例区", "--rollup"), "rule"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from disclosure_cli.report import demo

    path = tmp_path_factory.mktemp("demo80") / "演示台账.db"
    demo.build(path)
    # a publication with a long address, so 「report published」 has a row to lay out
    subprocess.run([*DISC, "--db", str(path), "report", "publish", "--year", "2023", "--date", "2024-01-20", "--url",
                    "https://www.example.gov.cn/xxgk/qingshan/2024/01/20/zfxxgknb2023.html"], check=True, capture_output=True)
    return path


def _csv(path: Path, args: tuple[str, ...]) -> list[dict[str, str]]:
    got = subprocess.run([*DISC, "--db", str(path), *args, "-f", "csv"], capture_output=True, text=True, timeout=120)
    return list(csv.DictReader(io.StringIO(got.stdout)))


def _screen(path: Path, args: tuple[str, ...]) -> list[str]:
    seen = pty_run(["--db", path, *args], columns=80, timeout=120)
    assert seen.code in (0, 1), seen.text
    text = ANSI.sub("", seen.text).replace("\r", "")
    return [line for line in text.split("\n")]


@pytest.mark.parametrize("args, key", LISTINGS, ids=[" ".join(a) for a, _ in LISTINGS])
def test_the_key_column_is_whole_and_no_line_is_wider_than_80(demo, args, key):
    rows = _csv(demo, args)
    keys = [r[key] for r in rows if r.get(key)]
    assert keys, f"{args}: nothing listed (the test would prove nothing)"
    lines = _screen(demo, args)
    wide = [(display_width(line), line) for line in lines if display_width(line) > 80]
    assert not wide, wide[:3]
    screen = "\n".join(lines)
    if args[0] in ("list", "log"):
        keys = keys[:20]
    missing = [k for k in keys if k not in screen]
    assert not missing, (missing[:5], screen[:2000])
    cut = [line for line in lines if re.search(r"(?<!…)…(?!…)\s*([│┃]|$)", line)]  # rich's mark of a cut cell
    assert not cut, cut[:3]


def test_the_report_on_a_terminal_is_laid_out_for_it(demo):
    lines = _screen(demo, ("report", "--year", "2023"))
    assert max(display_width(line) for line in lines) <= 80
    text = "\n".join(lines)
    assert "三、收到和处理政府信息公开申请情况" in text and "\t" not in text
    assert not any(line.lstrip().startswith(("，", "。", "、", "；")) for line in lines)  # no line opens on punctuation
    # piped, the same command gives the publication text (tab-separated tables)
    piped = subprocess.run([*DISC, "--db", str(demo), "report", "--year", "2023"], capture_output=True, text=True)
    assert "\t" in piped.stdout


@pytest.mark.parametrize("args", [("request", "show", "2023-016"),
                                  ("deadline", "--received", "2024-09-27", "--pause", "2024-10-08..2024-10-15")],
                         ids=["request show", "deadline"])
def test_step_by_step_explanations_fold_under_their_own_text(demo, args):
    """A break-it pass: the steps ran 85–117 columns wide and the terminal broke them anywhere."""
    lines = _screen(demo, args)
    assert max(display_width(line) for line in lines) <= 80, [ln for ln in lines if display_width(ln) > 80][:2]
    if args[0] == "request":
        assert len([ln for ln in lines if re.match(r"^  \d+\. ", ln)]) >= 4
        continued = [ln for ln in lines if ln.startswith("     ") and not ln.strip()[:1].isdigit()]
    else:
        continued = [ln for ln in lines if ln.startswith("  ") and ln.strip().startswith(("条", "或"))]
    assert continued  # a long step goes on under its text, not under its number
