"""Data generators for the benchmarks: a large items CSV, and a large ledger built straight into the schema.

Usage:
    python bench/gen.py csv bench/out/items-1m.csv --rows 1000000 [--year 2023] [--seed 1]
    python bench/gen.py ledger bench/out/big.db --items 1000000 --requests 100000 [--year 2023]

The ledger is created by `disc init` (so it has exactly the schema, org and vocabularies a clerk's
ledger has) and then filled with executemany inside one transaction: a million items take a few
seconds, where going through `disc add` would take hours. Every row still passes the schema's CHECK
and foreign-key constraints, so the figures are measured on data the ledger could really hold.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from disclosure_cli import vocab

ORG = "基准测试街道"
# How a 街道's items spread over its channels (the sample report: 3 portal, 416 WeChat, 66 board).
CHANNEL_WEIGHTS = {"portal": 5, "wechat": 80, "board": 15}
TITLE_STEMS = ["关于开展", "关于做好", "关于印发", "公示", "通知", "工作动态", "社区", "名单", "资金发放", "政策解读"]
TITLE_TAILS = ["工作的通知", "情况公示", "活动简报", "实施方案", "名册", "结果公告", "年度计划", "专项检查", "志愿服务", "宣传周"]


def disc_executable() -> str:
    """The `disc` console script of the interpreter running this file, else the one on PATH."""
    local = Path(sys.executable).with_name("disc")
    if local.exists():
        return str(local)
    found = shutil.which("disc")
    if not found:
        raise SystemExit("找不到 disc 命令：请先 pip install -e . 安装本项目")
    return found


def days_of(year: int) -> list[str]:
    d, out = date(year, 1, 1), []
    while d.year == year:
        out.append(d.isoformat())
        d += timedelta(days=1)
    return out


def _titles(rng: random.Random, n: int) -> list[str]:
    stems = rng.choices(TITLE_STEMS, k=n)
    tails = rng.choices(TITLE_TAILS, k=n)
    return [f"{s}{t}（第{i}号）" for i, (s, t) in enumerate(zip(stems, tails, strict=True), start=1)]


# --------------------------------------------------------------------------- the items CSV
def items_csv(path: str | Path, rows: int, *, year: int = 2023, seed: int = 1) -> Path:
    """A CSV as a clerk's spreadsheet would export it: Chinese headers, channel labels, UTF-8.

    Columns: 发布日期, 渠道, 类别, 标题, 链接, 数量 (the last two sometimes empty), sorted by date.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    labels = {t.code: t.label for t in vocab.DEFAULT_CHANNELS}
    channels = rng.choices([labels[c] for c in CHANNEL_WEIGHTS], weights=list(CHANNEL_WEIGHTS.values()), k=rows)
    categories = rng.choices(vocab.DEFAULT_CATEGORIES, k=rows)
    dates = sorted(rng.choices(days_of(year), k=rows))
    titles = _titles(rng, rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["发布日期", "渠道", "类别", "标题", "链接", "数量"])
        for i in range(rows):
            board = channels[i] == labels["board"]
            w.writerow(
                [
                    dates[i],
                    channels[i],
                    categories[i],
                    titles[i],
                    "" if board else f"https://example.gov.cn/{year}/{i + 1}.html",
                    (i % 3) + 1 if board else "",
                ]
            )
    return path


# --------------------------------------------------------------------------- the ledger
def ledger(
    path: str | Path,
    *,
    items: int,
    requests: int,
    year: int = 2023,
    seed: int = 1,
    review_policy: str = "full",
    unsigned_share: float = 0.01,
    disc: str | None = None,
    org: str = ORG,
) -> Path:
    """A ledger with `items` items in `year` and `requests` applications received in `year`.

    Besides: requests // 10 applications received the year before (so 上年结转 is not empty),
    requests // 50 review and suit cases over both years, requests // 10 decisions and requests // 500
    documents, so that every table of the report has work to do. Items are inserted in date order (ids
    follow dates, as when clerks add them day by day); `unsigned_share` of them lack a 三审 sign-off,
    with review_policy `full` so that `disc check` looks for them. `org` names the ledger's own unit
    (the merge benchmark builds twenty 街道 ledgers, each under its own name).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    subprocess.run([disc or disc_executable(), "--db", str(path), "init", "--org", org], check=True, capture_output=True)
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA journal_mode = MEMORY")
    org_id = conn.execute("SELECT id FROM org").fetchone()[0]
    codes = [r[0] for r in conn.execute("SELECT code FROM channel ORDER BY position")]
    categories = [r[0] for r in conn.execute("SELECT name FROM category ORDER BY position")]
    weights = [CHANNEL_WEIGHTS.get(c, 1) for c in codes]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('review_policy', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (review_policy,),
        )
        _insert_items(conn, rng, org_id, items, year, codes, weights, categories, unsigned_share)
        _insert_requests(conn, rng, org_id, year - 1, requests // 10)
        _insert_requests(conn, rng, org_id, year, requests)
        _insert_cases(conn, rng, org_id, year, requests // 50)
        _insert_decisions(conn, rng, org_id, year, requests // 10)
        _insert_documents(conn, rng, org_id, year, requests // 500)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.close()
    return path


def _insert_items(conn, rng, org_id, n, year, codes, weights, categories, unsigned_share) -> None:
    dates = sorted(rng.choices(days_of(year), k=n))
    channels = rng.choices(codes, weights=weights, k=n)
    cats = rng.choices(categories, k=n)
    titles = _titles(rng, n)
    signed = ("张三", "李四", "王五")
    unsigned = (None, "李四", None)

    def rows():
        for i in range(n):
            board = channels[i] == "board"
            who = unsigned if rng.random() < unsigned_share else signed
            yield (
                org_id,
                dates[i],
                channels[i],
                cats[i],
                titles[i],
                None if board else f"https://example.gov.cn/{year}/{i + 1}.html",
                (i % 3) + 1 if board else 1,
                *who,
            )

    conn.executemany(
        "INSERT INTO item (org_id, published, channel, category, title, url, count, drafter, reviewer, approver)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )


def _insert_requests(conn, rng, org_id, year, n) -> None:
    """Applications received in `year`: 5 % still open; of the rest 90 % answered within 20 calendar
    days (always in time), 7 % within 21–35 days, 3 % within 36–60 (late), some in the next year."""
    outcomes = [c for c in vocab.OUTCOME_CODES if c != "total"]
    outcome_weights = [60 if c == "granted" else 15 if c == "partial" else 1 for c in outcomes]
    applicants = vocab.APPLICANT_TYPES.codes
    applicant_weights = [80, 10, 2, 2, 3, 3][: len(applicants)]
    vias = vocab.REQUEST_VIA.codes
    received = sorted(rng.choices(days_of(year), k=n))
    types = rng.choices(applicants, weights=applicant_weights, k=n)
    results = rng.choices(outcomes, weights=outcome_weights, k=n)
    ways = rng.choices(vias, k=n)

    def rows():
        for i in range(n):
            if rng.random() < 0.05:
                outcome = closed = None
            else:
                outcome = results[i]
                u = rng.random()
                days = rng.randint(1, 20) if u < 0.9 else rng.randint(21, 35) if u < 0.97 else rng.randint(36, 60)
                closed = (date.fromisoformat(received[i]) + timedelta(days=days)).isoformat()
            yield (org_id, year, i + 1, received[i], types[i], f"申请公开{received[i][:7]}有关信息（第{i + 1}件）", ways[i], outcome, closed)

    conn.executemany(
        "INSERT INTO request (org_id, year, seq, received, applicant_type, subject, via, outcome, closed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )


def _insert_cases(conn, rng, org_id, year, n) -> None:
    kinds = ["review", "suit_direct", "suit_after_review"]
    days = days_of(year - 1) + days_of(year)

    def rows():
        for i in range(n):
            filed = rng.choice(days)
            if rng.random() < 0.2:
                result = decided = None
            else:
                result = rng.choice(["upheld", "corrected", "other"])
                decided = (date.fromisoformat(filed) + timedelta(days=rng.randint(10, 200))).isoformat()
            yield (org_id, rng.choice(kinds), filed, f"案{i + 1}", result, decided)

    conn.executemany(
        "INSERT INTO legal_case (org_id, kind, filed, ref, result, decided) VALUES (?, ?, ?, ?, ?, ?)", rows()
    )


def _insert_decisions(conn, rng, org_id, year, n) -> None:
    days = days_of(year)
    conn.executemany(
        "INSERT INTO decision (org_id, kind, decided, count, ref) VALUES (?, ?, ?, ?, ?)",
        ((org_id, rng.choice(["license", "penalty", "coercion"]), rng.choice(days), 1, f"决{i + 1}") for i in range(n)),
    )


def _insert_documents(conn, rng, org_id, year, n) -> None:
    days = days_of(year - 2) + days_of(year - 1) + days_of(year)

    def rows():
        for i in range(n):
            issued = rng.choice(days)
            repealed = None
            if rng.random() < 0.2:
                repealed = (date.fromisoformat(issued) + timedelta(days=rng.randint(30, 500))).isoformat()
            kind = "regulation" if i % 10 == 0 else "normative_document"
            yield (org_id, kind, f"基街发〔{issued[:4]}〕{i + 1}号", f"规范性文件{i + 1}", issued, repealed)

    conn.executemany(
        "INSERT INTO document (org_id, kind, number, title, issued, repealed) VALUES (?, ?, ?, ?, ?, ?)", rows()
    )


# --------------------------------------------------------------------------- command line
def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="生成基准测试数据（bench/out/ 不入库）")
    sub = p.add_subparsers(dest="what", required=True)
    c = sub.add_parser("csv", help="N 条信息的 CSV（中文表头）")
    c.add_argument("path")
    c.add_argument("--rows", type=int, default=1_000_000)
    c.add_argument("--year", type=int, default=2023)
    c.add_argument("--seed", type=int, default=1)
    g = sub.add_parser("ledger", help="N 条信息、M 件申请的台账")
    g.add_argument("path")
    g.add_argument("--items", type=int, default=1_000_000)
    g.add_argument("--requests", type=int, default=100_000)
    g.add_argument("--year", type=int, default=2023)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--review-policy", default="full", choices=["none", "full"])
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    if a.what == "csv":
        out = items_csv(a.path, a.rows, year=a.year, seed=a.seed)
    else:
        out = ledger(a.path, items=a.items, requests=a.requests, year=a.year, seed=a.seed, review_policy=a.review_policy)
    print(f"{out}  {out.stat().st_size / 1e6:.1f} MB  {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
