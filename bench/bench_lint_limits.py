"""Peak memory and time of `disc lint` on documents far beyond an annual report (issue 19).

A 300-page text PDF and a 20 MB html page, each linted in a new process; prints wall time and peak
resident memory (ru_maxrss of the child). Run it on two checkouts to compare (`--disc` names the
python that runs disc, e.g. a venv of an older commit with PYTHONPATH set to its tree).

    python bench/bench_lint_limits.py
    PYTHONPATH=/tmp/old python bench/bench_lint_limits.py
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def text_pdf(path: Path, pages: int) -> None:
    """A text PDF of `pages` pages, each full of lines (Helvetica, no CJK font needed)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    font = 2 + 2 * pages + 1
    line = "The annual report of government information disclosure: table 3, row 7, column 4. " * 2
    for i in range(pages):
        body = "BT /F1 8 Tf 20 780 Td 10 TL " + " ".join(f"({line[: 150]} {i}-{k}) '" for k in range(70)) + " ET"
        objs.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objs)} 0 R"
                    f" /Resources << /Font << /F1 {font} 0 R >> >> >>")
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)


def big_html(path: Path, mb: int) -> None:
    row = "<tr><td>（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<html><body><h1>某街道2023年政府信息公开工作年度报告</h1><table>\n")
        while fh.tell() < mb * 1_000_000:
            fh.write(row * 100)
        fh.write("</table></body></html>\n")


def measure(args: list[str]) -> tuple[float, float, int, str]:
    """(seconds, peak MB of the child, exit code, first line of stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "disclosure_cli", *args], capture_output=True, text=True)
    took = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of all children is a maximum: run each case in its own bench process for exact peaks
    return took, max(peak, before) / 1024, res.returncode, (res.stdout + res.stderr).strip().splitlines()[-1][:120]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--html-mb", type=int, default=20)
    ap.add_argument("--only", choices=("pdf", "html"))
    a = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    pdf, html = OUT / f"long-{a.pages}.pdf", OUT / f"big-{a.html_mb}mb.html"
    if not pdf.exists():
        text_pdf(pdf, a.pages)
    if not html.exists():
        big_html(html, a.html_mb)
    print(f"load {os.getloadavg()[0]:.2f}; disc from {subprocess.run([sys.executable, '-c', 'import disclosure_cli; print(disclosure_cli.__file__)'], capture_output=True, text=True).stdout.strip()}")
    for name, path in (("pdf", pdf), ("html", html)):
        if a.only and a.only != name:
            continue
        if a.only is None:  # one case per process, so that ru_maxrss is that case's own peak
            subprocess.run([sys.executable, __file__, "--only", name, "--pages", str(a.pages), "--html-mb", str(a.html_mb)])
            continue
        took, peak, code, said = measure(["lint", str(path), "--format", "csv"])
        print(f"{name:5} {path.stat().st_size / 1e6:6.1f} MB  {took:6.1f} s  peak {peak:7.0f} MB  exit {code}  {said}")


if __name__ == "__main__":
    main()
