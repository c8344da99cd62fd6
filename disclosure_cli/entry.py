"""The console script: Ctrl-C at any moment of a command's life ends in one Chinese line, never a
traceback — while the command tree is imported (before the error boundary exists) and after the
command has finished (issue 19)."""

import sys


def main() -> None:
    try:
        from disclosure_cli.cli import main as run

        run()
    except KeyboardInterrupt:
        # outside the command's boundary: start-up, or the instant after it answered
        from disclosure_cli.cli.common import interrupted_message
        from disclosure_cli.ledger import db as ledger_db

        try:
            sys.stderr.write(interrupted_message(ledger_db.committed) + "\n")
        except (OSError, ValueError):
            pass
        sys.exit(130)
