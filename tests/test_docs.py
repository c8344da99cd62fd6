"""README cannot drift from the tool (issue 24), in the manner of sqlite-utils' docs tests: every
`disc …` shown in README names a command that exists and only options that command has, every
command of disc appears in README, and the counts README states are computed from vocab."""

from __future__ import annotations

import re
import shlex

import pytest
import typer.main

from disclosure_cli import vocab
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GLOBAL_TAKES_VALUE = {"--db", "--clerk", "--encoding"}


def _app():
    from disclosure_cli.cli import app

    return typer.main.get_command(app)


def _commands() -> dict[tuple[str, ...], object]:
    """Every command and group of disc by its path: ('request', 'letter') → the click command."""
    found: dict[tuple[str, ...], object] = {}

    def walk(c, path: tuple[str, ...]) -> None:
        found[path] = c
        for name, sub in getattr(c, "commands", {}).items():
            walk(sub, (*path, name))

    walk(_app(), ())
    return found


def invocations(text: str) -> list[str]:
    """The `disc …` command lines README shows: in code blocks (one per line or per 「 / 」, comments
    cut off) and in inline code."""
    out: list[str] = []
    blocks, lang, buf = [], None, []
    for line in text.splitlines():  # fences in order: ```bash opens, ``` closes (a ```toml block is not shell)
        if line.startswith("```"):
            if lang is None:
                lang, buf = line[3:].strip() or "bash", []
            else:
                if lang in ("bash", "sh", "console"):
                    blocks.append("\n".join(buf))
                lang = None
        elif lang is not None:
            buf.append(line)
    for block in blocks:
        for line in block.splitlines():
            line = re.sub(r"\s#\s.*$", "", line).strip()
            for piece in re.split(r"\s+/\s+(?=disc\s)|\s*&&\s*", line):
                if piece.startswith("disc "):
                    out.append(piece)
    for span in re.findall(r"`(disc [^`]+)`", text):
        out.append(span)
    return out


def resolve(line: str, commands: dict) -> tuple[tuple[str, ...], list[str]]:
    """(command path, the options given) of one README command line."""
    try:
        words = shlex.split(line.replace("…", "x"))
    except ValueError:
        words = line.split()
    words = words[1:]
    path: tuple[str, ...] = ()
    options: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in GLOBAL_TAKES_VALUE:
            options.append(w)
            i += 2
            continue
        if w.startswith("-"):
            options.append(w.split("=")[0])
        elif (*path, w) in commands and (not path or hasattr(commands[path], "commands")):
            path = (*path, w)
        i += 1
    return path, options


def _option_names(cmd) -> set[str]:
    return {o for p in cmd.params for o in (*getattr(p, "opts", []), *getattr(p, "secondary_opts", []))}


def test_every_command_readme_shows_exists_with_its_options():
    commands = _commands()
    root_opts = _option_names(commands[()]) | {"-h", "--help"}
    problems = []
    lines = invocations(README)
    assert len(lines) > 50, "README's commands were not found: the parser no longer matches README"
    for line in lines:
        path, options = resolve(line, commands)
        if not path:
            problems.append(f"{line}: no such command")
            continue
        known = _option_names(commands[path]) | root_opts
        unknown = [o for o in options if o not in known]
        if unknown:
            problems.append(f"{line}: {' '.join(unknown)} is not an option of disc {' '.join(path)}")
    assert not problems, "\n".join(problems)


def test_every_command_of_disc_is_in_readme():
    commands = _commands()
    shown = {resolve(line, commands)[0] for line in invocations(README)}
    groups = {p for p, c in commands.items() if hasattr(c, "commands")}
    # a group is shown by any of its commands; a command by a line that runs it
    missing = [" ".join(p) for p in commands if p and p not in groups and p not in shown]
    missing += [" ".join(g) for g in groups if g and not any(s[: len(g)] == g for s in shown)]
    assert not missing, "not in README: " + ", ".join(sorted(f"disc {m}" for m in missing))


@pytest.mark.parametrize("path", sorted(p for p in _commands() if p))
def test_each_command_has_chinese_help(run, path):
    res = run(*path, "--help")
    assert res.exit_code == 0, res.output
    assert re.search(r"[\u4e00-\u9fff]", res.output.split("\n\n")[1] if "\n\n" in res.output else res.output)


def _outcomes() -> int:
    return sum(1 for r in vocab.T3_ROWS if r.code not in ("new", "carried_over", "total", "carried_forward"))


def test_counts_readme_states_are_computed():
    counts = {
        r"(\d+) 个办理结果": _outcomes(),
        r"(\d+) 种办理结果": _outcomes(),
    }
    seen = 0
    for pattern, value in counts.items():
        for m in re.finditer(pattern, README):
            seen += 1
            assert int(m.group(1)) == value, f"README says {m.group(0)}; there are {value}"
    assert seen, "README no longer states the number of outcomes: adjust this test"
    assert _outcomes() == 21  # 国办公开办函〔2021〕30号 表三 rows (一)–(六)


def test_the_quick_start_is_the_commands_ci_and_the_contract_name():
    """README shows, for a fresh machine, one command that installs and runs the main job on
    sample.db and one that installs and passes the tests; .ci/run calls the latter's test command."""
    assert "pip install . && disc --db sample.db" in README
    test_line = next(line for line in README.splitlines() if "pip install '.[test]'" in line)
    test_command = test_line.split("&&")[-1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
