"""Benchmarks of the `disc` command line against the tools a clerk (or we) would otherwise use.

Prints figures; it is not a test and asserts nothing. Each comparison runs both sides in the same
run, alternating A, B, A, B … so that both see the same machine load, after one untimed warm-up
run each, and keeps the best of --runs (default 5) wall-clock times of a new process. Peak memory
is the child's own ru_maxrss (os.wait4), not that of this script.

Bytecode: children run with PYTHONPYCACHEPREFIX=bench/out/pycache and without
PYTHONDONTWRITEBYTECODE, so disc's modules load from cached .pyc as they do once installed with
pip; a dev shell that sets PYTHONDONTWRITEBYTECODE=1 recompiles disc's own modules at every start
(section 1 shows that cost too). --inherit-env runs the children in this shell's environment.

    python bench/bench_cli.py                       # everything, full sizes (several minutes)
    python bench/bench_cli.py --only add            # sections: add, stats, import, report
    python bench/bench_cli.py --items 100000 --requests 10000 --csv-rows 100000   # quick look
    python bench/bench_cli.py --profile             # also cProfile every disc command that misses its target

Data goes to bench/out/ (gitignored); --keep reuses files there of the same size.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import pstats
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen  # noqa: E402

YEAR = 2023
CHILD_ENV: dict[str, str] | None = None  # set by main(): the environment every child runs in


# --------------------------------------------------------------------------- running a child
@dataclass
class Run:
    wall: float
    maxrss_mb: float
    rc: int
    cpu: float = 0.0  # user + system seconds of the child and the children it waited for
    stdout: bytes = b""
    stderr: bytes = b""


TIME = "/usr/bin/time"


def run_once(
    cmd: list[str],
    *,
    stdin: Path | None = None,
    capture: bool = False,
    env: dict[str, str] | None = None,
    memory: bool = False,
) -> Run:
    """One new process, timed from spawn to exit.

    Peak memory (memory=True) comes from GNU time run around the command: the child's own
    ru_maxrss from os.wait4 is useless here, because Linux carries the high-water RSS of the
    process that forked (this script, which may have held a million generated rows) across exec.
    """
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile() as rss:
        if memory and os.path.exists(TIME):
            cmd = [TIME, "-f", "%M", "-o", rss.name, *cmd]
        fin = stdin.open("rb") if stdin else subprocess.DEVNULL
        try:
            t0 = time.perf_counter()
            p = subprocess.Popen(
                cmd, stdin=fin, stdout=out if capture else subprocess.DEVNULL, stderr=err, env=env or CHILD_ENV
            )
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
        finally:
            if stdin:
                fin.close()
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        maxrss_kb = usage.ru_maxrss
        if memory and os.path.exists(TIME):
            text = Path(rss.name).read_text().strip().splitlines()
            maxrss_kb = int(text[-1]) if text and text[-1].isdigit() else 0
        cpu = usage.ru_utime + usage.ru_stime
        return Run(wall, maxrss_kb / 1024, p.returncode, cpu, out.read(), err.read())


@dataclass
class Case:
    name: str
    cmd: list[str]
    setup: Callable[[], None] | None = None
    stdin: Path | None = None
    ok_rc: tuple[int, ...] = (0,)
    warmup: bool = True  # one untimed run first (bytecode cache, page cache)
    env: dict[str, str] | None = None
    memory: bool = False  # measure peak RSS (through GNU time)
    runs: list[Run] = field(default_factory=list)
    error: str = ""

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs) if self.runs else math.nan

    @property
    def peak_mb(self) -> float:
        return max(r.maxrss_mb for r in self.runs) if self.runs else math.nan

    @property
    def best_cpu(self) -> float:
        return min(r.cpu for r in self.runs) if self.runs else math.nan

    def once(self) -> Run | None:
        if self.setup:
            self.setup()
        r = run_once(self.cmd, stdin=self.stdin, env=self.env, memory=self.memory)
        if r.rc not in self.ok_rc:
            tail = r.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            self.error = f"exit {r.rc}: {tail[0][:200]}"
            print(f"  !! {self.name}: {self.error}\n     {' '.join(self.cmd)}", file=sys.stderr, flush=True)
            return None
        return r


def measure(cases: list[Case], runs: int) -> None:
    """Alternate the cases round by round. A failing case is reported and left out, not fatal: the
    tree is shared with people working on it, and one broken command should not hide the rest."""
    for c in cases:
        if c.warmup:
            c.once()
    for _ in range(runs):
        for c in cases:
            if not c.error:
                r = c.once()
                if r is not None:
                    c.runs.append(r)


# --------------------------------------------------------------------------- results
@dataclass
class Row:
    section: str
    what: str
    disc_s: float
    base_s: float | None = None
    base_what: str = ""
    target: str = ""
    passed: bool | None = None
    extra: str = ""
    shown: str = ""  # what the disc column shows instead of a time (peak memory)
    disc_cpu: float | None = None
    base_cpu: float | None = None

    @property
    def ratio(self) -> float | None:
        if not self.base_s or math.isnan(self.base_s) or math.isnan(self.disc_s):
            return None
        return self.disc_s / self.base_s


ROWS: list[Row] = []
MISSED: list[tuple[str, list[str]]] = []  # (what, disc argv) of targets missed, for --profile


def record(row: Row, argv: list[str] | None = None) -> None:
    ROWS.append(row)
    if row.passed is False and argv:
        MISSED.append((row.what, argv))
    status = {True: "PASS", False: "FAIL", None: ""}[row.passed]
    ratio = f" = {row.ratio:.2f}×" if row.ratio else ""
    base = f" vs {row.base_what} {row.base_s * 1000:.0f} ms" if row.base_s else ""
    shown = row.shown or f"{row.disc_s * 1000:.0f} ms"
    cpu = f" (cpu {_ms(row.disc_cpu)} vs {_ms(row.base_cpu)})" if row.base_cpu else f" (cpu {_ms(row.disc_cpu)})" if row.disc_cpu else ""
    print(f"  {row.what}: {shown}{base}{ratio} {row.target} {status}{cpu} {row.extra}".rstrip(), flush=True)


def _ms(x: float | None) -> str:
    return "" if x is None or math.isnan(x) else f"{x * 1000:.0f} ms"


def compare(
    section: str,
    what: str,
    disc: Case,
    base: Case | None,
    *,
    max_ratio: float | None = None,
    max_s: float | None = None,
    argv: list[str] | None = None,
    extra: str = "",
) -> None:
    """One table row: disc against a baseline (ratio target) or against a time limit."""
    errors = "; ".join(f"{c.name} {c.error}" for c in (disc, base) if c is not None and c.error)
    passed: bool | None = None
    target = ""
    if max_ratio is not None and base is not None:
        target = f"≤ {max_ratio:.2f}×"
        passed = None if errors else disc.best <= max_ratio * base.best
    elif max_s is not None:
        target = f"< {max_s:g} s"
        passed = None if errors else disc.best < max_s
    row = Row(section, what, disc.best, base.best if base else None, base.name if base else "", target, passed, errors or extra)
    row.disc_cpu, row.base_cpu = disc.best_cpu, (base.best_cpu if base else None)
    record(row, argv)


def print_table() -> None:
    head = ["#", "disc command", "disc", "baseline", "base", "ratio", "target", "result", "cpu disc/base", "notes"]
    body = []
    for r in ROWS:
        body.append(
            [
                r.section,
                r.what,
                r.shown or ("—" if math.isnan(r.disc_s) else f"{r.disc_s * 1000:.0f} ms"),
                r.base_what,
                f"{r.base_s * 1000:.0f} ms" if r.base_s and not math.isnan(r.base_s) else "",
                f"{r.ratio:.2f}×" if r.ratio else "",
                r.target,
                {True: "pass", False: "FAIL", None: "" if not r.target else "n/a"}[r.passed],
                "/".join(x for x in (_ms(r.disc_cpu), _ms(r.base_cpu)) if x),
                r.extra,
            ]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]
    print("\n" + "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for b in body:
        print("  ".join(str(x).ljust(w) for x, w in zip(b, widths, strict=True)).rstrip())


# --------------------------------------------------------------------------- tools
def interpreter_of(script: str) -> str:
    first = Path(script).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable


def tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"找不到 {name}")
    return found


def init_ledger(disc: str, db: Path) -> None:
    db.unlink(missing_ok=True)
    subprocess.run([disc, "--db", str(db), "init", "--org", gen.ORG], check=True, capture_output=True, env=CHILD_ENV)


# --------------------------------------------------------------------------- 1. disc add
ADD_ARGS = ["add", "--channel", "微信", "--category", "工作动态", "--title", "社区开展志愿服务活动", "--date", "2023-05-06"]


def bench_add(a, out: Path, disc: str, py: str) -> None:
    print("\n[1] one item into a small ledger, a new process each time", flush=True)
    db = out / "add.db"
    init_ledger(disc, db)
    row = out / "row.json"
    row.write_text(
        json.dumps(
            {"org_id": 1, "published": "2023-05-06", "channel": "wechat", "category": "工作动态", "title": "社区开展志愿服务活动"},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    insert = "INSERT INTO item (org_id, published, channel, category, title) VALUES (1, '2023-05-06', 'wechat', '工作动态', 'x')"
    bare_typer = out / "bare_typer.py"
    bare_typer.write_text(
        "import sqlite3\nimport typer\n\napp = typer.Typer(rich_markup_mode=None, add_completion=False)\n\n\n"
        "@app.command()\ndef add(db: str, title: str = typer.Option(...)) -> None:\n"
        f'    c = sqlite3.connect(db)\n    c.execute("{insert}")\n    c.commit()\n\n\napp()\n',
        encoding="utf-8",
    )
    bare_py = f'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("{insert}"); c.commit()'
    d = Case("disc add", [disc, "--db", str(db), *ADD_ARGS])
    su = Case("sqlite-utils insert", [tool("sqlite-utils"), "insert", str(db), "item", "-"], stdin=row)
    cases = [
        d,
        su,
        Case("bare Typer app", [py, str(bare_typer), str(db), "--title", "x"]),
        Case("python + sqlite3", [py, "-c", bare_py, str(db)]),
        Case("disc --help", [disc, "--help"]),
        Case("python -c pass", [py, "-c", "pass"]),
    ]
    inherited = dict(os.environ)
    cold = []
    if inherited.get("PYTHONDONTWRITEBYTECODE") and not a.inherit_env:
        cold = [
            Case("disc add (no .pyc)", d.cmd, env=inherited),
            Case("sqlite-utils insert (no .pyc)", su.cmd, stdin=row, env=inherited),
        ]
    measure(cases + cold, a.runs)
    n = sqlite3.connect(db).execute("SELECT count(*) FROM item").fetchone()[0]
    print(f"  ({n} rows in add.db after the runs)")
    _, _, bt, bp, hp, nop = cases
    compare("1", "disc add (one item)", d, su, max_ratio=0.6, argv=["--db", str(db), *ADD_ARGS], extra="row into table item")
    compare("1", "  ref: bare Typer app + sqlite3", bt, su)
    compare("1", "  ref: python -c sqlite3 insert", bp, su)
    if cold:
        compare("1", "  disc add, PYTHONDONTWRITEBYTECODE=1", cold[0], cold[1], extra="this dev shell: disc recompiled")
    compare("1", "disc --help", hp, nop)
    importtime(py, db, a.runs)
    startup_phases(py, a.runs)


PHASES = """
import time, sys
t0 = time.perf_counter()
import typer
t1 = time.perf_counter()
import disclosure_cli.cli as cli
t2 = time.perf_counter()
def count(c):
    return 1 + sum(count(s) for s in getattr(c, "commands", {}).values())
if hasattr(cli, "make_app") and hasattr(cli, "COMMAND_MODULES"):  # lazy: only what `add` needs
    sub = typer.main.get_command(cli.make_app(cli.COMMAND_MODULES["add"]))
else:
    sub = typer.main.get_command(cli.app)
t3 = time.perf_counter()
full = typer.main.get_command(cli.make_app() if hasattr(cli, "make_app") else cli.app)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, count(sub), count(full))
"""


def startup_phases(py: str, runs: int) -> None:
    """In-process split of start-up: import typer, import disc's CLI package, and typer turning the
    app into its click command tree (it inspects the signature of every command it registers): the
    tree `disc add` builds, then the full tree that `disc --help` builds."""
    best = [math.inf] * 4
    n_sub = n_full = "?"
    for _ in range(runs + 1):
        r = subprocess.run([py, "-c", PHASES], capture_output=True, text=True, env=CHILD_ENV)
        if r.returncode:
            print(f"  (start-up split failed: {r.stderr.strip().splitlines()[-1:]})")
            return
        *times, n_sub, n_full = r.stdout.split()
        best = [min(b, float(t)) for b, t in zip(best, times, strict=True)]
    print(f"\n  start-up split, in-process, best of {runs + 1}:")
    print(f"    {best[0] * 1000:7.1f} ms  import typer")
    print(f"    {best[1] * 1000:7.1f} ms  import disclosure_cli.cli (after typer)")
    print(f"    {best[2] * 1000:7.1f} ms  commands built for `disc add` (import their modules + click tree of {n_sub})")
    print(f"    {best[3] * 1000:7.1f} ms  full click tree of {n_full} commands (what --help builds)")


THIRD_PARTY = {"typer", "click", "rich", "sqlite_utils", "tabulate", "openpyxl", "docx", "pdfplumber", "chinese_calendar", "pydantic"}


def importtime(py: str, db: Path, runs: int) -> None:
    """`python -X importtime` of `disc add`: min over runs per module, top-level and self-time offenders."""
    code = "import sys; sys.argv[0] = 'disc'; from disclosure_cli.cli import main; main()"
    self_us: dict[str, int] = {}
    cum_us: dict[str, int] = {}
    depth: dict[str, int] = {}
    pat = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    for _ in range(runs):
        r = subprocess.run([py, "-X", "importtime", "-c", code, "--db", str(db), *ADD_ARGS], capture_output=True, env=CHILD_ENV)
        for line in r.stderr.decode("utf-8", "replace").splitlines():
            m = pat.match(line)
            if m:
                name = m.group(4)
                self_us[name] = min(self_us.get(name, 1 << 60), int(m.group(1)))
                cum_us[name] = min(cum_us.get(name, 1 << 60), int(m.group(2)))
                depth[name] = (len(m.group(3)) - 1) // 2
    total = sum(v for k, v in cum_us.items() if depth[k] == 0)
    print(f"\n  python -X importtime of `disc add`, min of {runs} runs (importtime itself inflates these):")
    print(f"  all imports {total / 1000:.1f} ms, {len(cum_us)} modules")
    print("  disc's modules and third-party packages, cumulative:")
    ours = [(k, v) for k, v in cum_us.items() if k.startswith("disclosure_cli") or (k in THIRD_PARTY)]
    for name, us in sorted(ours, key=lambda kv: -kv[1])[:14]:
        print(f"    {us / 1000:7.1f} ms  {name}")
    print("  biggest self times:")
    for name, us in sorted(self_us.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {us / 1000:7.1f} ms  {name}")


# --------------------------------------------------------------------------- data
def big_ledger(a, out: Path, disc: str) -> Path:
    db = out / f"big-{a.items}-{a.requests}.db"
    if a.keep and db.exists():
        print(f"  reusing {db}", flush=True)
        return db
    t0 = time.perf_counter()
    gen.ledger(db, items=a.items, requests=a.requests, year=YEAR, disc=disc)
    print(f"  generated {db.name} ({db.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s", flush=True)
    return db


def items_csv(a, out: Path) -> Path:
    path = out / f"items-{a.csv_rows}.csv"
    if a.keep and path.exists():
        print(f"  reusing {path}", flush=True)
        return path
    t0 = time.perf_counter()
    gen.items_csv(path, a.csv_rows, year=YEAR)
    print(f"  generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s", flush=True)
    return path


# --------------------------------------------------------------------------- 2. disc stats
# What `disc stats` has to compute for the items table, as the sqlite3 shell would be asked it.
STATS_SQL = (
    "SELECT channel, category, sum(count) FROM item"
    f" WHERE published BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31' AND voided_at IS NULL AND org_id IN (1)"
    " GROUP BY channel, category"
)


def bench_stats(a, disc: str, db: Path) -> None:
    print(f"\n[2] stats on {a.items:,} items and {a.requests:,} applications", flush=True)
    argv = ["--db", str(db), "stats", "--year", str(YEAR), "--format", "csv"]
    full = Case("disc stats", [disc, *argv])
    items_only = Case("disc stats --table items", [disc, *argv, "--table", "items"])
    shell = Case("sqlite3 shell GROUP BY", [tool("sqlite3"), "-csv", str(db), STATS_SQL])
    measure([full, shell, items_only], a.runs)
    total = re.search(rb",items,total,total,(\d+)", run_once(full.cmd, capture=True).stdout)
    extra = f"items total {total.group(1).decode() if total else '?'}; all tables (items, t2, t3, t4)"
    compare("2", "disc stats --year --format csv", full, shell, max_ratio=1.5, argv=argv, extra=extra)
    compare("2", "  same, --table items only", items_only, shell, max_ratio=1.5, argv=[*argv, "--table", "items"])


# --------------------------------------------------------------------------- 3. disc import
def bench_import(a, out: Path, disc: str, csv_path: Path) -> None:
    print(f"\n[3] import of a {a.csv_rows:,}-row CSV ({csv_path.stat().st_size / 1e6:.0f} MB)", flush=True)
    template = out / "empty.db"
    init_ledger(disc, template)
    target = out / "import.db"
    plain = out / "plain.db"
    argv = ["--db", str(target), "import", str(csv_path)]
    imp = Case("disc import", [disc, *argv], setup=lambda: shutil.copyfile(template, target), warmup=False, memory=True)
    shell = Case(
        "sqlite3 shell .import",
        [tool("sqlite3"), str(plain), f".import --csv {csv_path} item"],
        setup=lambda: plain.unlink(missing_ok=True),
        warmup=False,
        memory=True,
    )
    measure([imp, shell], a.runs)
    counts = []
    for db, case in ((target, imp), (plain, shell)):
        if not case.error:
            counts.append(sqlite3.connect(db).execute("SELECT count(*) FROM item").fetchone()[0])
    if any(n != a.csv_rows for n in counts):
        raise SystemExit(f"imported {counts} rows, expected {a.csv_rows}")
    rate = f"{a.csv_rows / imp.best:,.0f} rows/s" if imp.runs else ""
    compare("3", "disc import FILE.csv", imp, shell, max_ratio=5.0, argv=argv, extra=rate)
    peak = imp.peak_mb
    passed = None if imp.error else peak < 150
    note = f"max of {len(imp.runs)} runs; sqlite3 shell {shell.peak_mb:.0f} MB"
    record(Row("3", "disc import, peak RSS", imp.best, None, "", "< 150 MB", passed, note, shown=f"{peak:.0f} MB"))


# --------------------------------------------------------------------------- 4. report and check
def bench_report(a, disc: str, db: Path) -> None:
    print(f"\n[4] report and check, {a.requests:,} applications and {a.items:,} items in {YEAR}", flush=True)
    rep_argv = ["--db", str(db), "report", "--year", str(YEAR), "--format", "txt"]
    chk_argv = ["--db", str(db), "check", "--year", str(YEAR)]
    rep = Case("disc report", [disc, *rep_argv])
    chk = Case("disc check", [disc, *chk_argv], ok_rc=(0, 1))
    measure([rep, chk], a.runs)
    compare("4", "disc report --year --format txt", rep, None, max_s=2.0, argv=rep_argv)
    r = run_once(chk.cmd, capture=True)
    findings = max(0, len(r.stdout.decode().splitlines()) - 1)
    compare("4", "disc check --year", chk, None, max_s=2.0, argv=chk_argv, extra=f"exit {r.rc}, {findings} finding rows")


# --------------------------------------------------------------------------- profiles
def profile(py: str, argv: list[str], out: Path, name: str) -> None:
    """cProfile of one disc command in a child; top functions by cumulative and by own time."""
    prof = out / (re.sub(r"\W+", "_", name).strip("_") + ".prof")
    subprocess.run([py, "-m", "cProfile", "-o", str(prof), "-m", "disclosure_cli", *argv], capture_output=True, env=CHILD_ENV)
    print(f"\n=== cProfile: {name}  ({prof})")
    if not prof.exists():
        print("  (no profile written)")
        return
    st = pstats.Stats(str(prof))
    st.sort_stats("cumulative").print_stats(25)
    st.sort_stats("tottime").print_stats(15)


# --------------------------------------------------------------------------- main
def environment(disc: str, py: str) -> dict[str, str]:
    cpu = ""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    shell = subprocess.run([tool("sqlite3"), "--version"], capture_output=True, text=True).stdout.split()[0]
    probe = "import sys, sqlite3; print(sys.version.split()[0], sqlite3.sqlite_version)"
    py_info = subprocess.run([py, "-c", probe], capture_output=True, text=True).stdout.split()
    git = ["git", "-C", str(HERE.parent)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout
    load = os.getloadavg()
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {cpu}",
        "python": f"{py_info[0]} ({py})",
        "sqlite": f"library {py_info[1]}, shell {shell}",
        "disc": f"{disc}, tree at {commit}{' + uncommitted changes' if dirty else ''}",
        "load": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    }


def main(argv: list[str] | None = None) -> None:
    global CHILD_ENV
    p = argparse.ArgumentParser(description="disc 命令行基准（打印数字，不是测试）")
    p.add_argument("--only", default="add,stats,import,report", help="逗号分隔：add,stats,import,report")
    p.add_argument("--runs", type=int, default=5, help="每项取 N 次中最快的一次（默认 5）")
    p.add_argument("--items", type=int, default=1_000_000)
    p.add_argument("--requests", type=int, default=100_000)
    p.add_argument("--csv-rows", type=int, default=1_000_000)
    p.add_argument("--out", default=str(HERE / "out"))
    p.add_argument("--keep", action="store_true", help="重用 bench/out/ 中规模相同的数据")
    p.add_argument("--inherit-env", action="store_true", help="子进程沿用当前环境（不设字节码缓存目录）")
    p.add_argument("--profile", action="store_true", help="对未达标的命令运行 cProfile 并打印热点")
    a = p.parse_args(argv)
    out = Path(a.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not a.inherit_env:
        CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(out / "pycache")
    only = set(a.only.split(","))
    disc = gen.disc_executable()
    py = interpreter_of(disc)
    env = environment(disc, py)
    for k, v in env.items():
        print(f"{k:>8}: {v}")
    print(f"  timing: wall clock of a new process, best of {a.runs} runs after one warm-up, sides alternating")
    print(f"  children: {'this environment' if a.inherit_env else 'bytecode cached in ' + str(out / 'pycache')}")

    if "add" in only:
        bench_add(a, out, disc, py)
    if only & {"stats", "report"}:
        print("\n[data] ledger", flush=True)
        db = big_ledger(a, out, disc)
        if "stats" in only:
            bench_stats(a, disc, db)
        if "report" in only:
            bench_report(a, disc, db)
    if "import" in only:
        print("\n[data] CSV", flush=True)
        bench_import(a, out, disc, items_csv(a, out))

    env["load_end"] = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    print_table()
    print(f"\nbest of {a.runs} runs; load average at start {env['load']}, at end {env['load_end']}")
    (out / "results.json").write_text(
        json.dumps({"env": env, "runs": a.runs, "rows": [r.__dict__ | {"ratio": r.ratio} for r in ROWS]}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    if a.profile:
        for name, args in MISSED:
            profile(py, args, out, name)


if __name__ == "__main__":
    main()
