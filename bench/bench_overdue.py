"""Benchmark: `disc request list --overdue` among 100,000 applications (target: under 1 s).

Builds a ledger with `disc init`, then fills it with bulk SQL inserts (one transaction): applications
received over several years with personal data for half of them, and the events that make deadlines
expensive — 补正, extensions, pauses (some still open), fee notices (some unpaid) — plus the 2027
holiday notice imported through `disc holiday import`, so that the calendar has ledger overrides.
Then times each command as a new process, after one untimed warm-up run, and prints best and median.

Prints figures; asserts nothing.

    python bench/bench_overdue.py                         # 100,000 applications, 5 % open and 100 % open
    python bench/bench_overdue.py --requests 20000 --runs 3
    python bench/bench_overdue.py --open-share 0.3

Data goes to bench/out/ (gitignored).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from disclosure_cli.fees import fee_by_pages

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
TODAY = date(2026, 11, 30)
FIRST = date(2022, 1, 1)
OUTCOMES = ["granted", "partial", "unavailable.not_held", "not_processed.duplicate", "withheld.process_info"]
TYPES = ["natural_person", "natural_person", "natural_person", "business", "legal_service", "other_org"]


def disc_executable() -> str:
    local = Path(sys.executable).with_name("disc")
    if local.exists():
        return str(local)
    found = shutil.which("disc")
    if not found:
        raise SystemExit("找不到 disc 命令：请先 pip install -e . 安装本项目")
    return found


def build(path: Path, n: int, open_share: float, seed: int = 4) -> dict[str, int]:
    """A ledger of n applications; open_share of them still open at TODAY. Returns counts."""
    if path.exists():
        path.unlink()
    disc = disc_executable()
    subprocess.run([disc, "--db", str(path), "init", "--org", "基准测试街道"], check=True, capture_output=True)
    notice = ROOT / "tests" / "fixtures" / "holiday-notice-2027.txt"
    if notice.exists():
        subprocess.run([disc, "--db", str(path), "holiday", "import", str(notice), "--yes"], check=True, capture_output=True)
    rng = random.Random(seed)
    span = (TODAY - FIRST).days
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    counts = {"requests": n, "open": 0, "personal": 0, "correction": 0, "extension": 0, "pause": 0, "fee": 0}
    conn.execute("BEGIN IMMEDIATE")
    seq: dict[int, int] = {}
    reqs, personal, corr, ext, pauses, fees = [], [], [], [], [], []
    at = "2026-11-30T09:00:00+08:00"
    for rid in range(1, n + 1):
        received = FIRST + timedelta(days=rng.randrange(span))
        y = received.year
        seq[y] = seq.get(y, 0) + 1
        is_open = rng.random() < open_share
        closed = None
        outcome = None
        if not is_open:
            closed = min(received + timedelta(days=rng.randrange(5, 45)), TODAY)
            outcome = rng.choice(OUTCOMES)
        else:
            counts["open"] += 1
        reqs.append((rid, 1, y, seq[y], received.isoformat(), rng.choice(TYPES), f"申请公开第{rid}号事项材料", "online", outcome, closed and closed.isoformat()))
        if rid % 2 == 0:
            personal.append((rid, f"申请人{rid % 5000}", f"139{rid:08d}", None, None))
        last = closed or TODAY
        r = rng.random()
        if r < 0.05 and (last - received).days > 6:
            sent = received + timedelta(days=rng.randrange(1, 6))
            got = sent + timedelta(days=rng.randrange(1, 10))
            corr.append((rid, sent.isoformat(), got.isoformat() if got <= last and rng.random() < 0.9 else None, at))
        elif r < 0.08:
            ext.append((rid, 20, "李主任", None, at))
        elif r < 0.10 and (last - received).days > 10:
            a = received + timedelta(days=rng.randrange(1, 8))
            b = a + timedelta(days=rng.randrange(1, 15))
            still = is_open and rng.random() < 0.3
            pauses.append((rid, a.isoformat(), None if still or b > last else b.isoformat(), "征求第三方意见", at))
        elif r < 0.11 and (last - received).days > 3:
            notice = received + timedelta(days=rng.randrange(1, 4))
            pages = rng.randrange(31, 300)
            paid = notice + timedelta(days=rng.randrange(1, 20))
            fees.append((rid, "page", None, pages, fee_by_pages(pages) * 100, notice.isoformat(), paid.isoformat() if paid <= last and rng.random() < 0.7 else None, at))
    conn.executemany(
        "INSERT INTO request (id, org_id, year, seq, received, applicant_type, subject, via, outcome, closed) VALUES (?,?,?,?,?,?,?,?,?,?)",
        reqs,
    )
    conn.executemany("INSERT INTO request_personal (request_id, name, phone, id_number, address) VALUES (?,?,?,?,?)", personal)
    conn.executemany("INSERT INTO request_correction (request_id, sent, received, recorded_at) VALUES (?,?,?,?)", corr)
    conn.executemany("INSERT INTO request_extension (request_id, days, approved_by, decided, recorded_at) VALUES (?,?,?,?,?)", ext)
    conn.executemany("INSERT INTO request_pause (request_id, start_day, end_day, reason, recorded_at) VALUES (?,?,?,?,?)", pauses)
    conn.executemany(
        "INSERT INTO request_fee (request_id, method, pieces, pages, amount_fen, notice, paid, recorded_at) VALUES (?,?,?,?,?,?,?,?)",
        fees,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    counts.update(personal=len(personal), correction=len(corr), extension=len(ext), pause=len(pauses), fee=len(fees))
    return counts


def child_env() -> dict[str, str]:
    """Children load disc from cached bytecode, as an installed copy does (a dev shell may forbid writing it)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def timed(cmd: list[str], runs: int) -> tuple[list[float], list[float], int, int]:
    """Wall-clock and CPU (user+sys) seconds of `runs` new processes after one warm-up; exit code; stdout lines."""
    env = child_env()
    subprocess.run(cmd, capture_output=True, env=env)
    walls, cpus, rc, lines = [], [], 0, 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, env=env)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rc, lines = p.returncode, p.stdout.count(b"\n")
        if p.returncode not in (0, 1):
            sys.stderr.write(p.stderr.decode("utf-8", "replace"))
            raise SystemExit(f"命令失败：{' '.join(cmd)}")
    return walls, cpus, rc, lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--open-share", type=float, action="append", help="share of applications still open (repeatable)")
    args = ap.parse_args()
    shares = args.open_share or [0.05, 1.0]
    OUT.mkdir(parents=True, exist_ok=True)
    disc = disc_executable()
    env_note = f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs"
    print(f"# disc request list --overdue — {args.requests:,} applications, today = {TODAY}, {env_note}")
    print(f"# best and median of {args.runs} runs, each a new process, after one warm-up run")
    print("# wall = elapsed time; cpu = the child's user+sys time (less sensitive to other load on the machine)")
    print(f"# load average before: {os.getloadavg()[0]:.2f}\n")
    base = [disc, "--db"]
    for share in shares:
        path = OUT / f"overdue-{args.requests}-{int(share * 100)}.db"
        t = time.perf_counter()
        counts = build(path, args.requests, share)
        built = time.perf_counter() - t
        print(
            f"## {counts['open']:,} open of {counts['requests']:,} (open share {share:.0%}); "
            f"events: 补正 {counts['correction']:,}, extensions {counts['extension']:,}, pauses {counts['pause']:,}, "
            f"fees {counts['fee']:,}; personal data {counts['personal']:,}; built in {built:.1f} s"
        )
        commands = {
            "request list --overdue": ["request", "list", "--overdue", "--today", TODAY.isoformat(), "--format", "csv"],
            "request list --due-within 3": ["request", "list", "--due-within", "3", "--today", TODAY.isoformat(), "--format", "csv"],
            "request list --open": ["request", "list", "--open", "--today", TODAY.isoformat(), "--format", "csv"],
            "request list (all)": ["request", "list", "--today", TODAY.isoformat(), "--format", "csv"],
            "request show 2025-001": ["request", "show", "2025-001", "--today", TODAY.isoformat()],
            "--version (start-up floor)": ["--version"],
        }
        for name, cmd in commands.items():
            walls, cpus, rc, lines = timed([*base, str(path), *cmd], args.runs)
            print(
                f"  {name:<28} wall best {min(walls) * 1000:6.0f} ms, median {statistics.median(walls) * 1000:6.0f} ms;"
                f" cpu best {min(cpus) * 1000:6.0f} ms   exit {rc}   {max(lines - 1, 0):,} rows"
            )
        print()


if __name__ == "__main__":
    main()
