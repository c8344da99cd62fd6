"""disc on a pseudo-terminal, as a clerk sees it: prompts answered, Ctrl-C pressed, every wait bounded.

One helper for every terminal test (issue 18): it waits for what it expects to see before acting,
re-sends Ctrl-C until the child has exited (a signal that lands before the child reached its prompt
is not lost), and kills the child and closes the terminal whatever happens, so a test can fail but
never hang the suite.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tests.conftest import DISC, hears_ctrl_c


@dataclass
class Seen:
    code: int | None  # None: the child had to be killed
    text: str


def pty_run(
    args: Sequence[object],
    *,
    env: dict[str, str] | None = None,
    answers: Sequence[tuple[str, str]] = (),
    interrupt_after: str | None = None,
    timeout: float = 60.0,
    columns: int = 100,
) -> Seen:
    """Run disc on a terminal. answers: (text to wait for, line to type) in order; interrupt_after:
    press Ctrl-C once this text was shown (and again every half second until the child exits)."""
    import pty

    master, slave = pty.openpty()
    proc = None
    seen = b""
    try:
        proc = subprocess.Popen(
            [*DISC, *map(str, args)], stdin=slave, stdout=slave, stderr=slave, close_fds=True,
            env={**os.environ, "COLUMNS": str(columns), **(env or {})},
            # a terminal's program hears Ctrl-C even when the suite was started where SIGINT is
            # ignored (a background job of a script): give the child the default disposition
            preexec_fn=hears_ctrl_c,
        )
        os.close(slave)
        slave = -1
        todo = list(answers)
        deadline = time.monotonic() + timeout
        next_interrupt: float | None = None
        closed = False
        while time.monotonic() < deadline:
            ready, _, _ = ([], [], []) if closed else select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if chunk:
                    seen += chunk
                else:
                    closed = True
            text = seen.decode("utf-8", "replace")
            if todo and todo[0][0] in text:
                wait, line = todo.pop(0)
                seen += b"\x00"  # a marker, so the same prompt text is not matched twice
                os.write(master, (line + "\n").encode("utf-8"))
            if interrupt_after is not None and interrupt_after in text and next_interrupt is None:
                next_interrupt = time.monotonic() + 0.2  # let the child reach its prompt
            if next_interrupt is not None and time.monotonic() >= next_interrupt and proc.poll() is None:
                proc.send_signal(signal.SIGINT)  # what the terminal sends on Ctrl-C
                next_interrupt = time.monotonic() + 0.5
            if proc.poll() is not None and not ready:
                break
            if closed:
                time.sleep(0.05)
        code = proc.poll()
        return Seen(code, seen.replace(b"\x00", b"").decode("utf-8", "replace"))
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        if slave >= 0:
            os.close(slave)
        os.close(master)
