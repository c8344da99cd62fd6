"""One way to assert that disc refused an input (exit code 2) for the reason the test is about.

Exit code 2 alone proves little: it is also Click's own usage-error code, so a renamed or misspelt
option would make a bare ``exit_code == 2`` pass without disc ever looking at the input. ``refused``
pins the Chinese words disc prints for that refusal and that it was not a usage error or a crash.
"""

from __future__ import annotations

from typing import Any

# What Click (in English, or as disc translates it in cli/help.py) says when the command line itself is
# wrong -- an option that does not exist, a command that does not exist, an extra argument -- and a
# traceback. None of these may stand in for disc's own refusal.
CLICK_OWN = ("Usage:", "Error:", "Traceback", "没有选项", "没有命令「", "多余的参数", "No such option", "No such command")


def message_of(res: Any) -> str:
    """What the clerk saw: a CliRunner result's output (stdout and stderr), a subprocess's stderr
    (``.stderr`` of subprocess.run, ``.err`` of a captured run), a terminal run's text."""
    if hasattr(res, "exit_code"):  # click/typer CliRunner
        return res.output
    for name in ("stderr", "err", "text"):
        value = getattr(res, name, None)
        if value is not None:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    raise TypeError(f"not a result of running disc: {res!r}")


def exit_code_of(res: Any) -> int | None:
    for name in ("exit_code", "returncode", "code"):
        if hasattr(res, name):
            return getattr(res, name)
    raise TypeError(f"not a result of running disc: {res!r}")


def refused(res: Any, *needles: str, code: int = 2) -> str:
    """Assert that disc refused with exit code 2 (or ``code``), printing each of ``needles``, and
    that the refusal is disc's own message: no Click usage text, no traceback. Returns the message."""
    text = message_of(res)
    got = exit_code_of(res)
    assert got == code, f"exit code {got}, expected {code}; output:\n{text}"
    assert needles, "refused() needs at least one word of the message to pin"
    for needle in needles:
        assert needle in text, f"{needle!r} not in the message:\n{text}"
    for click_own in CLICK_OWN:
        assert click_own not in text, f"Click's own usage error ({click_own!r}), not disc's refusal:\n{text}"
    return text
