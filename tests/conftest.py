"""Shared fixtures: real ledger files in tmp_path, the CLI through typer's runner, the shared folder."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE_SOURCE = ROOT / "sample.db"

# Every `python -m disclosure_cli` a test starts runs this working tree, not an installed copy: CI
# installs the package non-editable, and a subprocess would otherwise test yesterday's code (issue 18).
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
# Which years chinesecalendar knows changes with its yearly release (2027 arrives around November
# 2026). The suite trusts the library up to 2026 only, so its hand-computed 暂定 cases stay true
# whatever release CI installs; test_workdays checks the uncapped library separately.
os.environ["DISC_CALENDAR_LAST_YEAR"] = "2026"
DISC = (sys.executable, "-m", "disclosure_cli")  # disc in a new process (of this working tree)


def hears_ctrl_c() -> None:
    """preexec_fn for a child a test will interrupt: SIGINT at its default, as on a terminal, even
    when the suite itself runs where SIGINT is ignored (a background job of a shell script)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
# Tests read a copy: opening a ledger may upgrade it in place, and the committed file must not change.
SAMPLE_DB = Path(tempfile.mkdtemp(prefix="disc-sample-")) / "sample.db"
shutil.copyfile(SAMPLE_SOURCE, SAMPLE_DB)


def shared_file(*parts: str) -> Path:
    """A file of ../shared, or a clean skip for someone who cloned only the project."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not here (clone without the shared reference folder)")
    return p


def tool(*names: str) -> str:
    """The path of the first of these programs found (chromium, soffice, pdftoppm …), or a clean skip
    for a machine without it; CI installs them and sets DISC_REQUIRE_TOOLS=1, which makes a missing
    one a failure (issue 24: the real-rendering tests can never be skipped there)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' / '.join(names)} is not installed here (.ci/run installs it with apt-get)"
    if os.environ.get("DISC_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def tool_missing(*names: str) -> bool:
    """For skipif: none of these programs is here, and the run does not require them (CI does)."""
    return not any(shutil.which(n) for n in names) and os.environ.get("DISC_REQUIRE_TOOLS") != "1"


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch, tmp_path):
    monkeypatch.delenv("DISC_DB", raising=False)
    monkeypatch.setenv("DISC_CLERK", "测试员")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("DISC_ENCODING", raising=False)
    monkeypatch.delenv("DISC_BUSY_TIMEOUT", raising=False)
    # verified-ledger stamps and crash logs of this test stay in its own folder
    monkeypatch.setenv("DISC_STATE_DIR", str(tmp_path / ".disc-state"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db(tmp_path) -> Path:
    """A fresh ledger file created through the library, as `disc init` does."""
    from disclosure_cli.ledger.db import Ledger

    path = tmp_path / "ledger.db"
    Ledger.create(path, "惠农区南街街道").close()
    return path


@pytest.fixture
def ledger(db):
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(db) as led:
        yield led


class Run:
    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        from disclosure_cli.cli import app

        return self.runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


@pytest.fixture
def run() -> Run:
    return Run()


def rows(path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def count_items(path: Path) -> int:
    return rows(path, "SELECT count(*) FROM item")[0][0]


os.environ.setdefault("COLUMNS", "200")
