"""Benchmark: `disc merge` of 20 unit ledgers × 5,000 items against the raw SQL floor (issue 15).

Prints figures; it is not a test and asserts nothing. Builds N unit ledgers (bench/gen.py: `disc
init`, then bulk inserts; each a 街道 of its own name) and an empty district ledger, then times, as
new processes, alternating A, B, C … after one untimed warm-up each, best of --runs:

  disc merge            every unit into a fresh copy of the empty district ledger (all new records)
  disc merge (again)    the same units into the district that already holds them (nothing changes)
  floor: bare           plain Python sqlite3: for each unit ATTACH + INSERT … SELECT of every row of
                        every merged table into plain tables (no constraints, indexes, triggers) of
                        a new file, one transaction per unit — the figure issue 15 calls the floor
  floor: ledger         the same rows with ATTACH + INSERT … SELECT into the district ledger's own
                        tables (CHECKs, foreign keys, indexes, the item_total trigger), org ids and
                        record ids shifted, one transaction per unit; no identity, no comparison

and prints disc merge / floor for both floors. Target (issue 15): disc merge within 10× of the
bare floor. Also --profile: cProfile of one disc merge, the top functions.

    python bench/bench_merge.py                       # 20 units × 5,000 items, best of 5
    python bench/bench_merge.py --units 5 --items 1000 --runs 3
    python bench/bench_merge.py --requests 500        # units with applications as well
    python bench/bench_merge.py --keep                # reuse the unit ledgers in bench/out/merge/

Data goes to bench/out/merge/ (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_cli  # noqa: E402
import gen  # noqa: E402
from bench_cli import Case, compare, measure, print_table  # noqa: E402
from merge_floor import merged_tables  # noqa: E402

DISTRICT = "基准测试区"


# --------------------------------------------------------------------------- data
def build(out: Path, n_units: int, items: int, requests: int, keep: bool, disc: str) -> tuple[list[Path], Path, Path]:
    """The unit ledgers, the empty district ledger, and the district after one merge of them all."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / "sizes.json"
    want = {"units": n_units, "items": items, "requests": requests}
    units = [out / f"unit{k:02d}.db" for k in range(n_units)]
    if not (keep and stamp.exists() and json.loads(stamp.read_text()) == want and all(p.exists() for p in units)):
        t0 = time.perf_counter()
        for k, p in enumerate(units):
            gen.ledger(p, items=items, requests=requests, org=f"第{k + 1}街道", seed=k + 1, review_policy="none", disc=disc)
        stamp.write_text(json.dumps(want))
        print(f"  built {n_units} unit ledgers × {items} items, {requests} applications in {time.perf_counter() - t0:.1f} s")
    empty = out / "district-empty.db"
    empty.unlink(missing_ok=True)
    subprocess.run([disc, "--db", str(empty), "init", "--org", DISTRICT], check=True, capture_output=True)
    merged = out / "district-merged.db"
    shutil.copyfile(empty, merged)
    subprocess.run([disc, "--db", str(merged), "merge", *map(str, units)], check=True, capture_output=True)
    return units, empty, merged


def rows_in(units: list[Path]) -> int:
    total = 0
    for p in units:
        with sqlite3.connect(p) as conn:
            total += sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in merged_tables(conn, "main"))
    return total


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="disc merge 基准：对比原始 SQL 下限（打印数字，不是测试）")
    p.add_argument("--units", type=int, default=20)
    p.add_argument("--items", type=int, default=5000)
    p.add_argument("--requests", type=int, default=0, help="每个单位的申请件数（另有其 1/10 上年的、1/50 复议诉讼等，见 gen.py）")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--out", default=str(HERE / "out" / "merge"))
    p.add_argument("--keep", action="store_true", help="重用 bench/out/merge/ 中规模相同的单位台账")
    p.add_argument("--inherit-env", action="store_true", help="子进程沿用当前环境（不设字节码缓存目录）")
    p.add_argument("--profile", action="store_true", help="另对一次 disc merge 运行 cProfile 并打印热点")
    a = p.parse_args(argv)
    out = Path(a.out).resolve()
    if not a.inherit_env:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(out.parent / "pycache")
        bench_cli.CHILD_ENV = env
    disc = gen.disc_executable()
    py = bench_cli.interpreter_of(disc)
    load = os.getloadavg()
    probe = subprocess.run([py, "-c", "import sys, sqlite3; print(sys.version.split()[0], sqlite3.sqlite_version)"], capture_output=True, text=True)
    print(f"    when: {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n  python: {probe.stdout.strip()} (python, sqlite library)")
    print(f"    load: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    print(f"  timing: wall clock of a new process, best of {a.runs} runs after one warm-up, cases alternating")
    units, empty, merged = build(out, a.units, a.items, a.requests, a.keep, disc)
    unit_args = [str(u) for u in units]
    print(f"  data: {len(units)} unit ledgers, {rows_in(units):,} rows in their merged tables", flush=True)

    work = out / "district.db"
    again = out / "district-again.db"
    floor_db = out / "floor.db"
    floor = str(HERE / "merge_floor.py")

    def fresh(src: Path, dst: Path):
        return lambda: (shutil.copyfile(src, dst), None)[1]

    def drop_floor() -> None:
        floor_db.unlink(missing_ok=True)

    cases = [
        Case("disc merge", [disc, "--db", str(work), "merge", *unit_args], setup=fresh(empty, work)),
        Case("floor: bare", [py, floor, "bare", str(floor_db), *unit_args], setup=drop_floor),
        Case("floor: ledger", [py, floor, "ledger", str(work), *unit_args], setup=fresh(empty, work)),
        Case("disc merge (again)", [disc, "--db", str(again), "merge", *unit_args], setup=fresh(merged, again)),
    ]
    measure(cases, a.runs)
    d, bare, led, re = cases
    what = f"{a.units} units × {a.items} items" + (f", {a.requests} applications" if a.requests else "")
    print()
    compare("15", f"disc merge, {what}", d, bare, max_ratio=10.0)
    compare("15", "  the same, against the ledger floor", d, led)
    compare("15", "disc merge again (nothing changed)", re, bare, max_ratio=10.0)
    compare("15", "  ref: floor into the ledger's tables", led, bare)
    print_table()
    end = os.getloadavg()
    print(f"\nbest of {a.runs} runs; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, at end {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")
    if a.profile:
        shutil.copyfile(empty, work)
        prof = out / "merge.prof"
        subprocess.run(
            [py, "-m", "cProfile", "-o", str(prof), "-m", "disclosure_cli", "--db", str(work), "merge", *unit_args],
            capture_output=True,
            env=bench_cli.CHILD_ENV,
        )
        st = pstats.Stats(str(prof))
        st.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
