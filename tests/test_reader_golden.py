"""The reader's gate (issue 22): what `disc lint --extract FILE --format csv` and `disc lint FILE
--format json` (and with --strict) print for every document the suite reads, byte for byte.

It was recorded before the reader was taken apart into passes and modules; the restructure had to
leave every byte as it was. A deliberate change of behaviour (a precision fix) rewrites the records
of the documents it changes, and the commit says which and why:

    DISC_UPDATE_GOLDEN=1 python -m pytest -q -p no:cacheprovider tests/test_reader_golden.py

Documents: tests/fixtures/docs/**, tests/fixtures/reader/k* (added after the fixes), the sample ledger's 2023 report as disc writes it (txt, md, html,
docx), the PDF and Word documents test_read_pdf / test_read_docx build, the shapes test_lint_variants
makes of the lint fixtures, and ../shared's real reports when that folder is there. The generated ones
are frozen under tests/fixtures/reader/golden/docs/ (so that a change to a renderer or to a test's
builder does not move the gate); DISC_UPDATE_GOLDEN=docs writes them again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_DB, SHARED

GOLDEN = ROOT / "tests" / "fixtures" / "reader" / "golden"
FROZEN = GOLDEN / "docs"
DOCS = ROOT / "tests" / "fixtures" / "docs"
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
UPDATE = os.environ.get("DISC_UPDATE_GOLDEN", "")


READER = ROOT / "tests" / "fixtures" / "reader"


def _in_tree() -> dict[str, Path]:
    out = {}
    for p in sorted(DOCS.rglob("*")):
        if p.suffix in SUFFIXES and p.is_file():
            out["docs__" + "__".join(p.relative_to(DOCS).parts)] = p
    for p in sorted(READER.glob("k*")):  # issue 22's own fixtures (recorded after their fixes)
        if p.suffix in SUFFIXES:
            out["reader__" + p.name] = p
    return out


def _shared() -> dict[str, Path]:
    out = {}
    for rel in (("reference", "nanjie-2023-annual-report.txt"),
                ("fixtures", "published", "hongze-district-2023.pdf"),
                ("fixtures", "published", "hongze-district-2024.pdf")):
        out["shared__" + "__".join(rel)] = SHARED.joinpath(*rel)
    nanjie = out["shared__reference__nanjie-2023-annual-report.txt"]
    derived = Path(tempfile.mkdtemp(prefix="disc-golden-")) / "nanjie-tabs-to-spaces.txt"
    if nanjie.exists():  # tabs become spaces: 表四's blank cells lost (a real report: never copied here)
        derived.write_text(nanjie.read_text(encoding="utf-8").replace("\t", "    "), encoding="utf-8")
    out["shared__variant-nanjie-tabs-to-spaces.txt"] = derived
    return out


# ----------------------------------------------------------------------------- frozen documents
def _write_generated(folder: Path) -> None:
    """Every document the suite makes in code, written once into `folder` (DISC_UPDATE_GOLDEN=docs)."""
    from disclosure_cli.ledger.db import Ledger
    from disclosure_cli.report.build import build_full_report
    from disclosure_cli.report.office import write_docx
    from disclosure_cli.report.render import render
    from tests import test_lint_variants as variants
    from tests import test_read_docx, test_read_pdf

    folder.mkdir(parents=True, exist_ok=True)
    with Ledger.open(SAMPLE_DB) as led:
        rep = build_full_report(led, 2023)
    for fmt in ("txt", "md", "html"):
        (folder / f"sample-2023.{fmt}").write_text(render(rep, fmt), encoding="utf-8")
    write_docx(rep, folder / "sample-2023.docx")
    test_read_pdf.build(folder / "built-nanhu-2023.pdf", scanned_page=True)
    test_read_docx.build(folder / "built-donghu-2023.docx")
    clean = variants.CLEAN.read_text(encoding="utf-8")
    for name in ("fullwidth-digits", "radicals", "utf16", "run-in-heading", "year-set-apart", "label-cut-in-a-narrow-cell"):
        _, data = variants._variant(name, clean)
        (folder / f"variant-{name}.txt").write_bytes(data)
    p7 = (DOCS / "lint" / "p7-format-2019.txt").read_text(encoding="utf-8")
    wrapped = variants._one_cell_per_line(p7, wrap="（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    (folder / "variant-p7-one-cell-per-line.txt").write_text(wrapped, encoding="utf-8")
    p7_2023 = p7.replace("2019年", "2023年").replace("国办公开办函〔2019〕60号", "国办公开办函〔2021〕30号")
    (folder / "variant-p7-as-2023.txt").write_text(p7_2023.replace("2020年1月20日", "2024年1月20日"), encoding="utf-8")


def _frozen() -> dict[str, Path]:
    if UPDATE == "docs":
        shutil.rmtree(FROZEN, ignore_errors=True)
        _write_generated(FROZEN)
    if not FROZEN.exists():
        return {}
    return {"frozen__" + p.name: p for p in sorted(FROZEN.iterdir()) if p.suffix in SUFFIXES}


_DOCUMENTS: dict[str, Path] = {}


def documents() -> dict[str, Path]:
    if not _DOCUMENTS:
        _DOCUMENTS.update({**_in_tree(), **_frozen(), **_shared()})
    return _DOCUMENTS


# ----------------------------------------------------------------------------- the records
def outputs(run, path: Path, tmp_path: Path) -> dict[str, str]:
    """The three outputs, with the document read under a plain relative name (source paths stable)."""
    local = tmp_path / ("doc" + path.suffix)
    shutil.copyfile(path, local)
    name = local.name
    out = {}
    res = run("lint", "--extract", name, "--format", "csv")
    out["extract.csv"] = f"exit {res.exit_code}\n" + res.stdout
    res = run("lint", name, "--format", "json")
    out["lint.json"] = f"exit {res.exit_code}\n" + res.stdout
    res = run("lint", name, "--strict", "--format", "json")
    out["strict.json"] = f"exit {res.exit_code}\n" + res.stdout
    return out


NAMES = sorted(documents())


@pytest.mark.parametrize("name", NAMES)
def test_reader_output_unchanged(run, tmp_path, name):
    path = documents()[name]
    if not path.exists():
        pytest.skip(f"{path} is not here (clone without ../shared)")
    got = outputs(run, path, tmp_path)
    for kind, text in got.items():
        record = GOLDEN / f"{name}.{kind}"
        if UPDATE:
            record.parent.mkdir(parents=True, exist_ok=True)
            if not record.exists() or record.read_text(encoding="utf-8") != text:
                record.write_text(text, encoding="utf-8")
            continue
        assert record.exists(), f"no record {record.name}: DISC_UPDATE_GOLDEN=1 writes it"
        assert text == record.read_text(encoding="utf-8"), f"{name}: {kind} changed"


def test_every_document_has_its_records():
    """A record without its document (a fixture renamed or deleted) is a gate that no longer holds."""
    recorded = {p.name.rsplit(".", 2)[0] for p in GOLDEN.glob("*.json")}
    assert recorded <= set(NAMES) | set(_shared()) | {"shared__hongze-2024-previous-2023"}


def test_previous_year_across_the_real_reports(run, tmp_path):
    a = SHARED / "fixtures" / "published" / "hongze-district-2023.pdf"
    b = SHARED / "fixtures" / "published" / "hongze-district-2024.pdf"
    if not (a.exists() and b.exists()):
        pytest.skip("../shared/fixtures/published is not here")
    shutil.copyfile(a, tmp_path / "a.pdf")
    shutil.copyfile(b, tmp_path / "b.pdf")
    res = run("lint", "b.pdf", "--previous", "a.pdf", "--strict", "--format", "json")
    text = f"exit {res.exit_code}\n" + res.stdout
    record = GOLDEN / "shared__hongze-2024-previous-2023.strict.json"
    if UPDATE:
        record.write_text(text, encoding="utf-8")
        return
    assert text == record.read_text(encoding="utf-8")
    json.loads(res.stdout)
