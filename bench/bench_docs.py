"""Figures for issues 5 and 6 (not a test): `disc lint` over 50 reports of mixed formats (target < 10 s)
and `disc report --format docx` (target < 1 s), each a new process, best of N wall-clock runs.

    python bench/bench_docs.py [--runs 3]

The 50 documents: sample.db's 2023 report written as txt, md, html and docx with varied cells (some
unbalanced, so lint has findings to report), plus copies of the two published PDFs of ../shared when
that folder is there.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "docs"
SHARED_PDFS = sorted((ROOT.parent / "shared" / "fixtures" / "published").glob("*.pdf"))


def disc() -> list[str]:
    exe = shutil.which("disc", path=str(Path(sys.executable).parent)) or shutil.which("disc")
    return [exe] if exe else [sys.executable, "-m", "disclosure_cli"]


def make_documents(n: int = 50) -> Path:
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.report.build import build_full_report
    from disclosure_cli.report.office import write_docx
    from disclosure_cli.report.render import render

    folder = OUT / "lint50"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tmp = OUT / "sample-copy.db"
    shutil.copyfile(ROOT / "sample.db", tmp)
    led = Ledger.open(tmp)
    rng = random.Random(5)
    pdfs = SHARED_PDFS * 6 if SHARED_PDFS else []
    for i, pdf in enumerate(pdfs[:12]):
        shutil.copyfile(pdf, folder / f"unit{i:02d}.pdf")
    fmts = ["txt", "md", "html", "docx"]
    for i in range(len(pdfs[:12]), n):
        rep = build_full_report(led, 2023)
        rep.org = f"示例街道{i:02d}"
        rep.title = ""
        if i % 3 == 0:  # some reports with a broken cell, so lint has findings to print
            key = rng.choice(list(rep.t3))
            rep.t3[key] = (rep.t3[key] or 0) + rng.randint(1, 9)
        fmt = fmts[i % len(fmts)]
        path = folder / f"unit{i:02d}.{fmt}"
        if fmt == "docx":
            write_docx(rep, path)
        else:
            path.write_text(render(rep, fmt), encoding="utf-8")
    led.close()
    return folder


def best(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    folder = make_documents()
    files = sorted(folder.iterdir())
    kinds: dict[str, int] = {}
    for f in files:
        kinds[f.suffix] = kinds.get(f.suffix, 0) + 1
    print(f"load {os.getloadavg()[0]:.2f}; {len(files)} documents: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    t = best([*disc(), "lint", str(folder), "--format", "json"], args.runs)
    print(f"disc lint {len(files)} reports: {t:.2f} s (target < 10 s) {'PASS' if t < 10 else 'FAIL'}")
    no_pdf = [str(f) for f in files if f.suffix != ".pdf"]
    t2 = best([*disc(), "lint", *no_pdf, "--format", "json"], args.runs)
    print(f"  of which without the PDFs ({len(no_pdf)} files): {t2:.2f} s")
    docx = OUT / "report.docx"
    sample = OUT / "sample-copy.db"
    t3 = best([*disc(), "--db", str(sample), "report", "--year", "2023", "-o", str(docx)], max(args.runs, 5))
    print(f"disc report --format docx (sample.db, new process): {t3:.2f} s (target < 1 s) {'PASS' if t3 < 1 else 'FAIL'}")
    t4 = best([*disc(), "--version"], 5)
    print(f"  start-up floor (disc --version): {t4:.2f} s")
    print(f"load at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
