"""Issue 10: the shape holds — imports point one way (vocab ← ledger ← report ← cli), SQL lives only
in ledger/, codes and labels only in vocab, and the schema's CHECK lists equal the vocab codes."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest

from disclosure_cli import vocab
from tests.conftest import ROOT

PKG = ROOT / "disclosure_cli"
BASE = {"errors", "files", "vocab", "workdays", "fees", "__init__", "__main__"}


def layer(module: str) -> str:
    """ledger / report / cli for the packages, base for the modules every layer may use."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("ledger", "report", "cli"):
        return parts[1]
    if len(parts) > 1 and parts[1] in ("output", "__main__", "entry"):
        return "cli"  # the CLI's output helper and entry point
    return "base"


RANK = {"base": 0, "ledger": 1, "report": 2, "cli": 3}


def modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        yield name, path


def imports_of(path: Path) -> set[str]:
    """Every disclosure_cli module the file imports, at the top or inside a function."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("disclosure_cli")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("disclosure_cli"):
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_imports_point_one_way():
    wrong = []
    for name, path in modules():
        mine = layer(name)
        for target in imports_of(path):
            theirs = layer(target)
            if RANK[theirs] > RANK[mine]:
                wrong.append(f"{name} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_sql_lives_only_in_ledger():
    calls = re.compile(r"\.(execute|executemany|executescript)\(")
    found = []
    for name, path in modules():
        if layer(name) in ("report", "cli") and calls.search(path.read_text(encoding="utf-8")):
            found.append(name)
    assert found == []


def test_the_cli_holds_no_rules_or_sql_and_every_command_is_a_library_call():
    """cli/ never builds a Finding or imports sqlite3 (the error boundary only names SQLite errors)."""
    for name, path in modules():
        if layer(name) != "cli":
            continue
        text = path.read_text(encoding="utf-8")
        assert "Finding(" not in text, name
        if not name.endswith("cli.common"):
            assert "import sqlite3" not in text, name


def check_list(schema: str, table: str, column: str) -> list[str]:
    sql = re.search(rf"CREATE TABLE {table} \((.*?)\n\)", schema, re.S).group(1)
    m = re.search(rf"\b{column}\b[^\n]*?(?:\n\s+)?[^\n]*?IN\s*\((.*?)\)\)?,?\n", sql, re.S)
    assert m, (table, column)
    return re.findall(r"'([^']+)'", m.group(1))


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> str:
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path_factory.mktemp("schema") / "s.db"
    Ledger.create(path, "某单位").close()
    with sqlite3.connect(path) as conn:
        return "\n".join(r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))


@pytest.mark.parametrize(
    "table, column, codes",
    [
        ("request", "applicant_type", vocab.APPLICANT_TYPES.codes),
        ("request", "outcome", vocab.OUTCOMES.codes),
        ("request", "via", vocab.REQUEST_VIA.codes),
        ("document", "kind", vocab.DOCUMENT_KINDS.codes),
        ("decision", "kind", vocab.DECISION_KINDS.codes),
        ("legal_case", "kind", vocab.CASE_KINDS.codes),
        ("legal_case", "result", vocab.CASE_RESULTS.codes),
        ("request_fee", "method", vocab.FEE_METHODS.codes),
        ("narrative", "part", [n for n, _ in vocab.PARTS]),
    ],
)
def test_schema_check_lists_equal_the_vocab_codes(schema, table, column, codes):
    assert check_list(schema, table, column) == list(codes)


def test_lists_kept_from_the_cards_equal_them(tmp_path):
    """Letter kinds, request event kinds and delivery methods: the ledger's CHECK lists are the cards'
    lists (ledger/checks.py keeps them so), in a new ledger and in one upgraded from version 11."""
    from disclosure_cli.ledger import checks
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "s.db"
    Ledger.create(path, "某单位").close()
    with sqlite3.connect(path) as conn:
        for (table, column), codes in checks.LISTS.items():
            assert checks.listed(conn, table, column) == codes(), (table, column)
    assert "disclose_notice" in vocab.LETTER_KINDS.codes and "delay_set" in vocab.REQUEST_EVENT_KINDS


def test_labels_are_spelt_only_in_vocab():
    """The official labels of the tables appear in no other module's source."""
    labels = {t.label for t in (*vocab.T2_ROWS, *vocab.T3_COLUMNS, *vocab.T4_COLUMNS) if len(t.label) >= 4}
    labels |= {r.level2 for r in vocab.T3_ROWS if r.level2} | {vocab.T3_CORNER, vocab.APPLICANT_HEADER}
    allowed = {"disclosure_cli.vocab"}
    found = []
    for name, path in modules():
        if name in allowed or name.startswith("disclosure_cli.report.letters") or name.startswith("disclosure_cli.ledger.browse"):
            continue
        text = path.read_text(encoding="utf-8")
        for label in labels:
            if f'"{label}"' in text:
                found.append(f"{name}: {label}")
    assert found == []
