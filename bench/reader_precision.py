"""Precision of `disc lint` per rule family over every document fixture (issue 22).

    python bench/reader_precision.py [--by-document]

Documents: tests/fixtures/docs/**, tests/fixtures/reader/k* (issue 22), the generated documents frozen
under tests/fixtures/reader/golden/docs, and ../shared's real reports when that folder is there (the
same set the golden test records). Truth: tests/fixtures/reader/truth-findings.csv — for each document
how many findings of a rule on a cell (rule, table, row, column) are true; a finding beyond that count
is false; a true finding a document did not give is missed. Two blocks: what `disc lint` shows
(default), and the guesses only `--strict` adds.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


def documents() -> dict[str, Path]:
    out: dict[str, Path] = {}
    docs = ROOT / "tests" / "fixtures" / "docs"
    for p in sorted(docs.rglob("*")):
        if p.suffix in SUFFIXES and p.is_file():
            out["docs__" + "__".join(p.relative_to(docs).parts)] = p
    reader = ROOT / "tests" / "fixtures" / "reader"
    for p in sorted(reader.glob("k*")):
        if p.suffix in SUFFIXES:
            out["reader__" + p.name] = p
    for p in sorted((reader / "golden" / "docs").glob("*")):
        if p.suffix in SUFFIXES:
            out["frozen__" + p.name] = p
    for rel in (("reference", "nanjie-2023-annual-report.txt"), ("fixtures", "published", "hongze-district-2023.pdf"),
                ("fixtures", "published", "hongze-district-2024.pdf")):
        p = SHARED.joinpath(*rel)
        if p.exists():
            out["shared__" + "__".join(rel)] = p
    nanjie = SHARED / "reference" / "nanjie-2023-annual-report.txt"
    if nanjie.exists():
        derived = Path(tempfile.mkdtemp(prefix="disc-precision-")) / "nanjie-tabs-to-spaces.txt"
        derived.write_text(nanjie.read_text(encoding="utf-8").replace("\t", "    "), encoding="utf-8")
        out["shared__variant-nanjie-tabs-to-spaces.txt"] = derived
    return out


def truth() -> dict[tuple[str, str, str, str, str], int]:
    out: dict[tuple[str, str, str, str, str], int] = {}
    with open(ROOT / "tests" / "fixtures" / "reader" / "truth-findings.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["rule"]:
                out[(r["document"], r["rule"], r["table"], r["row"], r["column"])] = int(r["true"])
    return out


# --------------------------------------------------------------------------- cells
def _truth_csv(path: Path) -> dict[tuple[str, str, str], str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(f)}


def cell_truths(docs: dict[str, Path]) -> dict[str, dict[tuple[str, str, str], str]]:
    """Every cell as printed ("" blank), for the documents whose cells are known: the lint fixtures
    (truth.csv), issue 22's fixtures (the clean one's cells, and what each layout printed), ../shared's
    two PDFs (their cells.csv)."""
    from disclosure_cli.report.read import extract_rows, read_document

    lint = _truth_csv(ROOT / "tests" / "fixtures" / "docs" / "lint" / "truth.csv")
    out: dict[str, dict[tuple[str, str, str], str]] = {}
    for name in docs:
        if name.startswith("docs__lint__p") and name[13] in "123456":
            out[name] = dict(lint)
            if "p5-fee" in name:
                out[name][("t2", "fee", "amount_wan")] = "1.234567"
    k0 = ROOT / "tests" / "fixtures" / "reader" / "k0-clean.txt"
    if k0.exists():
        clean = {(r["table"], r["row"], r["column"]): r["value"] for r in extract_rows(read_document(k0))
                 if r["row"] != "other"}
        blank = {
            "reader__k1-short-rows.txt": [("t2", "normative_document", "repealed"), ("t3", "granted", "business"),
                                          ("t4", "review", "other")],
            "reader__k3-crawled-debris.txt": [("t2", "regulation", c) for c in ("issued", "repealed", "in_force")]
            + [("t4", "review", "other")],
        }
        for name in docs:
            if name.startswith("reader__k") and not name.startswith(("reader__k2", "reader__k6")):
                out[name] = {**clean, **dict.fromkeys(blank.get(name, []), "")}
    for year in (2023, 2024):
        p = SHARED / "fixtures" / "published" / f"hongze-district-{year}.cells.csv"
        if p.exists():
            out[f"shared__fixtures__published__hongze-district-{year}.pdf"] = _truth_csv(p)
    return out


def cells(docs: dict[str, Path]) -> dict[str, Counter]:
    """Per document: cells right (read as printed, blank where blank), wrong (a figure that is not the
    one printed, or one read where the cell is blank), unread (not located: said, never guessed)."""
    from disclosure_cli.report.read import extract_rows, read_document

    out: dict[str, Counter] = {}
    for name, want in sorted(cell_truths(docs).items()):
        got = {(r["table"], r["row"], r["column"]): r for r in extract_rows(read_document(docs[name]))}
        c: Counter = Counter()
        for k, value in want.items():
            r = got.get(k)
            c["cells"] += 1
            if r is None or r["status"] in ("unread", "absent"):
                c["unread"] += 1
            elif (r["value"] if r["status"] == "read" else "") == value:
                c["right"] += 1
            else:
                c["wrong"] += 1
        out[name] = c
    return out


def findings(docs: dict[str, Path]) -> tuple[dict[str, Counter], dict[str, Counter], dict[str, Counter]]:
    """(per family of what disc lint shows, per family of the guesses --strict adds, per document)."""
    from disclosure_cli.report.lint import lint_file
    from disclosure_cli.report.rules import REGISTRY

    right = truth()
    shown: dict[str, Counter] = defaultdict(Counter)  # family -> findings / true / false / missed
    guessed: dict[str, Counter] = defaultdict(Counter)
    per_doc: dict[str, Counter] = defaultdict(Counter)
    for name, path in sorted(docs.items()):
        res = lint_file(path, strict=True)
        if res.error:
            per_doc[name]["unreadable"] += 1
            continue
        left = dict(right)
        for guess in (False, True):  # the findings shown by default take the truth first
            for f in res.findings:
                if f.guess != guess:
                    continue
                k = (name, f.rule, f.table or "", f.row or "", f.column or "")
                ok = left.get(k, 0) > 0
                if ok:
                    left[k] -= 1
                family = REGISTRY[f.rule].family if f.rule in REGISTRY else "?"
                tally = guessed if guess else shown
                tally[family]["findings"] += 1
                tally[family]["true" if ok else "false"] += 1
                per_doc[name][("guess " if guess else "") + ("true" if ok else "false")] += 1
        for k, n in left.items():  # true findings the document should give and did not
            if k[0] == name and n > 0 and k[1] in REGISTRY:
                shown[REGISTRY[k[1]].family]["missed"] += n
                per_doc[name]["missed"] += n
    return shown, guessed, per_doc


def main(by_document: bool = False) -> None:
    docs = documents()
    shown, guessed, per_doc = findings(docs)
    print(f"{len(docs)} documents")
    for title, tally in (("disc lint (default)", shown), ("guesses added by --strict", guessed)):
        print(f"\n{title}")
        missed = tally is shown
        print(f"{'family':<12}{'findings':>10}{'true':>8}{'false':>8}" + (f"{'missed':>8}" if missed else ""))
        total: Counter = Counter()
        for family in sorted(tally):
            c = tally[family]
            total.update(c)
            print(f"{family:<12}{c['findings']:>10}{c['true']:>8}{c['false']:>8}" + (f"{c['missed']:>8}" if missed else ""))
        print(f"{'all':<12}{total['findings']:>10}{total['true']:>8}{total['false']:>8}" + (f"{total['missed']:>8}" if missed else ""))
    print(f"\n{'document (cells)':<44}{'cells':>7}{'right':>7}{'wrong':>7}{'unread':>8}")
    total = Counter()
    for name, c in cells(docs).items():
        total.update(c)
        print(f"{name[:43]:<44}{c['cells']:>7}{c['right']:>7}{c['wrong']:>7}{c['unread']:>8}")
    print(f"{'all':<44}{total['cells']:>7}{total['right']:>7}{total['wrong']:>7}{total['unread']:>8}")
    if by_document:
        print()
        for name, c in sorted(per_doc.items()):
            print(name, dict(c))


if __name__ == "__main__":
    main("--by-document" in sys.argv)
