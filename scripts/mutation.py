"""Mutation testing of the core that counts and writes (issue 18), with mutmut.

The configuration is in pyproject.toml ([tool.mutmut]: the modules mutated, the tests that run, the
subprocess tests left out because a child process runs the unmutated code). This script runs mutmut
on the functions that matter most — the tally's conditions, the import's batches and totals, letter
numbering, the deadline engine, merge's mapping — one pattern at a time, and prints the score of each
and the surviving mutants, read from mutmut's own records (mutants/**/*.meta).

    python scripts/mutation.py              # run every target (hours on a laptop), then report
    python scripts/mutation.py --report     # only report what the last runs found
    python scripts/mutation.py tally        # one target
    mutmut show disclosure_cli.ledger.tally.x_count__mutmut_12   # one survivor's diff

Not a test: it takes far longer than the suite. Survivors are either killed by a new test or
explained (an equivalent mutant, a log message) in the issue's note.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "tally": ["disclosure_cli.ledger.tally*"],
    "deadlines": ["disclosure_cli.workdays.x_compute_deadline*", "disclosure_cli.workdays.xǁWorkCalendarǁadd_workdays*",
                  "disclosure_cli.workdays.xǁWorkCalendarǁ_nth_after*", "disclosure_cli.workdays.xǁWorkCalendarǁ_count*"],
    "letters": ["disclosure_cli.ledger.letters.x_issue_letter*", "disclosure_cli.ledger.letters.x_letter_number*"],
    "import": ["disclosure_cli.ledger.importer.xǁ_Totalsǁ*", "disclosure_cli.ledger.importer.x_import_items*"],
    "merge": ["disclosure_cli.ledger.merge.x__map_orgs*"],
}
STATUS = {0: "survived", 1: "killed", 3: "killed", 33: "no tests", 34: "skipped", 35: "suspicious", 36: "timeout",
          24: "timeout", 152: "timeout", -24: "timeout", 5: "no tests", -11: "segfault", None: "not run"}


def run(patterns: list[str]) -> None:
    for p in patterns:
        subprocess.run(["mutmut", "run", "--max-children", "1", p], cwd=ROOT, check=False)


def results() -> dict[str, str]:
    """mutant name → its status, from mutmut's per-module records."""
    out: dict[str, str] = {}
    for meta in (ROOT / "mutants").rglob("*.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data.get("exit_code_by_key", {}).items():
            out[name] = STATUS.get(code, f"exit {code}")
    return out


def matches(name: str, pattern: str) -> bool:
    from fnmatch import fnmatchcase

    return fnmatchcase(name, pattern)


def report(targets: dict[str, list[str]]) -> int:
    found = results()
    if not found:
        print("没有变异测试记录：先运行 python scripts/mutation.py")
        return 1
    for target, patterns in targets.items():
        mine = {n: s for n, s in found.items() if any(matches(n, p) for p in patterns)}
        ran = {n: s for n, s in mine.items() if s != "not run"}
        killed = sum(s in ("killed", "timeout") for s in ran.values())
        survived = sorted(n for n, s in ran.items() if s == "survived")
        score = f"{killed / len(ran):.1%}" if ran else "—"
        print(f"{target}: {len(mine)} 个变体，已运行 {len(ran)}，杀死 {killed}（含超时），存活 {len(survived)}，得分 {score}")
        for n in survived:
            print(f"    存活 {n}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("targets", nargs="*", choices=list(TARGETS), help="默认全部")
    ap.add_argument("--report", action="store_true", help="只报告上次运行的结果")
    args = ap.parse_args(argv)
    chosen = {t: TARGETS[t] for t in (args.targets or TARGETS)}
    if not args.report:
        for patterns in chosen.values():
            run(patterns)
    return report(chosen)


if __name__ == "__main__":
    sys.exit(main())
