"""The console script: Ctrl-C at any moment of a command's life ends in one Chinese line, never a
traceback — while the command tree is imported (before the error boundary exists) and after the
command has finished (issue 19). Imports nothing of the CLI until it runs it."""

import sys

INTERRUPTED = "已中断：本次操作未完成，台账未作任何改动。"


def interrupted_message(done: list[str]) -> str:
    """After Ctrl-C: what is in the ledger. A write that was committed is named (with its number),
    so that nobody enters it a second time (issue 19)."""
    if not done:
        return INTERRUPTED
    shown = "；".join(done[:5]) + (f"；等共 {len(done)} 项" if len(done) > 5 else "")
    return (
        f"已中断：中断前已写入台账：{shown}。这些已保存，不要重复登记；之后的步骤（如显示结果、写出文件）未完成。"
        "可用 disc log 核对"
    )


def main() -> None:
    try:
        from disclosure_cli.cli import main as run

        run()
    except KeyboardInterrupt:
        # outside the command's boundary: start-up, or the instant after it answered
        done = getattr(sys.modules.get("disclosure_cli.ledger.db"), "committed", [])
        try:
            sys.stderr.write(interrupted_message(done) + "\n")
        except (OSError, ValueError):
            pass
        sys.exit(130)
