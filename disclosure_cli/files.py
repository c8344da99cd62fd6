"""Files in and out, safely: what a file really is, where output may go, and writing it whole.

A ledger is a body's statutory record of a whole year, so nothing disc writes may destroy what it
reads (issue 9): every file a command reads is noted here; `-o` refuses any of them, any SQLite file
and any folder; output is written to a temporary file beside the target and renamed into place only
when complete, so a full disk leaves neither a partial file nor a damaged old one.

Files are recognised by their content, not their name: a clerk's ".csv" may be an .xlsx, an .xls
saved under any name, or a UTF-16 text. Lowest layer: imports nothing of disc but the errors.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from disclosure_cli.errors import BadInput, DiscError

SQLITE_MAGIC = b"SQLite format 3\x00"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls / .doc / .wps (Office 97–2003)

# --------------------------------------------------------------------------- what a command reads
_inputs: list[Path] | None = None  # inside a command (cli boundary): the files it has read


def note_input(path: str | os.PathLike[str]) -> None:
    """Remember a file this command reads: `-o` will refuse to write over it. Outside a command
    (the library used from a script) nothing is remembered: a script may well rewrite its input."""
    p = Path(path)
    if _inputs is not None and str(p) not in ("-", ""):
        _inputs.append(p)


def begin_command() -> None:
    """A command starts with no inputs (tests run many commands in one process)."""
    global _inputs
    _inputs = []


def end_command() -> None:
    global _inputs
    _inputs = None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        try:
            return a.resolve() == b.resolve()
        except OSError:
            return False


# --------------------------------------------------------------------------- what a file is
def sniff(path: str | os.PathLike[str]) -> str:
    """The kind of a file by its first bytes: sqlite, ole (xls/doc), pdf, xlsx, docx, zip, utf16,
    text, empty, binary; dir for a folder, missing when it does not exist; stream for a pipe, a
    device or a socket (never read here: a FIFO would block, and what was read could not be read
    again)."""
    p = Path(path)
    if p.is_dir():
        return "dir"
    if is_stream(p):
        return "stream"
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        return "dir"
    return sniff_bytes(head, p)


def sniff_bytes(head: bytes, path: Path | None = None) -> str:
    if not head:
        return "empty"
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path) if path is not None else "zip"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head):
        return "utf16"
    if b"\x00" in head:
        return "binary"
    return "text"


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM (some Windows tools): every other byte of ASCII text is NUL."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 8:
        return False
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    half = len(sample) // 2
    return odd > half * 0.4 and even < half * 0.05 or even > half * 0.4 and odd < half * 0.05


def _zip_kind(path: Path) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist()[:2000])
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def is_stream(p: Path) -> bool:
    """A pipe, a device or a socket (`<(cat a.csv)`, /dev/stdin, a FIFO): not a regular file."""
    import stat

    try:
        mode = p.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def xml_declarations(path: Path) -> str | None:
    """The first part of an office file (.xlsx/.docx, a zip of XML) that declares a DTD or entities,
    or None. Office never writes them; a file that does is built to attack the parser (entity
    expansion, external entities) and is refused before any XML library sees it (issue 19)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with z.open(info) as fh:
                    head = fh.read(8192)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    return info.filename
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None  # not a zip: the reader says so
    return None


KIND_NAMES = {
    "stream": "管道或设备（不是普通文件）",
    "sqlite": "SQLite 数据库（台账）",
    "ole": "旧版 Office 文件（.xls/.doc）",
    "pdf": "PDF 文件",
    "xlsx": "Excel .xlsx 工作簿",
    "docx": "Word .docx 文档",
    "zip": "压缩文件",
    "binary": "二进制文件",
    "dir": "文件夹",
    "empty": "空文件",
    "utf16": "UTF-16 文本",
    "text": "文本文件",
}


def detect_encoding(fh: IO[bytes]) -> str:
    """utf-8-sig for a BOM, utf-16 for UTF-16, utf-8 when the whole file decodes, else GB18030
    (Excel on Chinese Windows). Bytes that fit none of them: BadInput naming the line."""
    start = fh.tell()
    head = fh.read(4096)
    fh.seek(start)
    if head.startswith(codecs.BOM_UTF8):
        fh.seek(start)
        _check_decodes(fh, "utf-8-sig")  # a GBK file behind a UTF-8 BOM: the line that is not UTF-8
        fh.seek(start)
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_utf16(head):
        sample = head[: len(head) // 2 * 2]
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fh.read(1 << 20):
            dec.decode(chunk)
        dec.decode(b"", final=True)
        enc = "utf-8"
    except UnicodeDecodeError:
        enc = "gb18030"
        fh.seek(start)
        try:
            _check_decodes(fh, enc)
        except BadInput:
            # neither: if the text before was UTF-8, the line UTF-8 fails on is the one to name
            fh.seek(start)
            _check_decodes(fh, "utf-8")
            raise
    fh.seek(start)
    return enc


def _check_decodes(fh: IO[bytes], enc: str) -> None:
    dec = codecs.getincrementaldecoder(enc)()
    line = 1
    while chunk := fh.read(1 << 20):
        try:
            text = dec.decode(chunk)
        except UnicodeDecodeError:
            for raw in chunk.split(b"\n"):  # which line: decoded one by one, only now that one failed
                try:
                    raw.decode(enc)
                except UnicodeDecodeError:
                    break
                line += 1
            raise BadInput(
                f"第 {line} 行有无法识别的字符：文件不是 UTF-8、UTF-16 或 GB18030（GBK）编码。"
                "请在 Excel/WPS 中另存为「CSV UTF-8」后再导入"
            ) from None
        line += text.count("\n")


def read_text_file(path: str, what: str, *, max_bytes: int = 20_000_000) -> str:
    """A whole text file a clerk names (prose, a holiday notice): '-' for stdin; a folder, a binary
    file or an office document is refused with a message, never a traceback."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "标准输入"
    else:
        p = Path(path)
        kind = sniff(p)
        if kind == "missing":
            raise BadInput(f"找不到文件 {path}")
        if kind == "dir":
            raise BadInput(f"{path} 是文件夹，请给出{what}文件")
        if kind not in ("text", "utf16", "empty"):
            raise BadInput(f"{path} 是{KIND_NAMES.get(kind, kind)}，不是文本：请给出{what}的文本文件（.txt/.md/.html）")
        try:
            size = p.stat().st_size
        except OSError as e:
            raise BadInput(f"无法读取 {path}：{e.strerror}") from None
        if size > max_bytes:
            raise BadInput(f"{path} 太大（{size // 1_000_000} MB），不像是{what}")
        note_input(p)
        try:
            data = p.read_bytes()
        except OSError as e:
            raise BadInput(f"无法读取 {path}：{e.strerror}") from None
        name = path
    if len(data) > max_bytes:
        raise BadInput(f"{name} 太大，不像是{what}")
    import io

    buf = io.BytesIO(data)
    enc = detect_encoding(buf)
    text = data.decode(enc)
    if "\x00" in text:
        raise BadInput(f"{name} 含有空字符（NUL），不是{what}的文本文件")
    return text


# --------------------------------------------------------------------------- where output may go
def check_output(out: str | os.PathLike[str]) -> Path:
    """Where -o may write, or BadInput saying why not: the one guard of every file disc writes.

    Refused: a folder, a device, a pipe or a socket (disc writes regular files: to reach the screen
    or a pipe, leave -o out), any file this command reads (however spelt: relative, absolute,
    through a link), any SQLite file (a ledger), a target in a folder that does not exist. A
    symbolic link is written through: the file it points to is replaced and the link stays.
    Returns the path to replace.
    """
    given = Path(out)
    p = Path(os.path.realpath(given)) if given.is_symlink() else given
    if p.is_dir():
        raise BadInput(f"输出文件 {out} 是一个文件夹：请给出文件名，如 -o {Path(out) / '输出.csv'}")
    if is_stream(p):
        raise BadInput(
            f"输出文件 {out} 不是普通文件（是设备、管道或套接字）：disc 只写普通文件。"
            "要显示在屏幕上或交给管道，请去掉 -o"
        )
    for src in _inputs or ():
        if _same_file(p, src) or _same_file(given, src):
            raise BadInput(f"输出文件 {out} 就是本命令读取的文件 {src}：不会覆盖它，请另给一个文件名")
    if p.exists() and sniff(p) == "sqlite":
        raise BadInput(f"输出文件 {out} 是一个 SQLite 数据库（可能是台账）：不会覆盖它，请另给一个文件名")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise BadInput(f"输出文件夹 {parent} 不存在：请先建好文件夹，或换一个路径")
    if not parent.is_dir():
        raise BadInput(f"输出路径 {out} 无效：{parent} 不是文件夹")
    return p


def need_suffix(out: str | os.PathLike[str], suffixes: tuple[str, ...], what: str) -> None:
    """A document disc writes in a few formats only: 通报.pdf would otherwise be plain text named .pdf."""
    if Path(out).suffix.lower() not in suffixes:
        shown = "、".join(suffixes)
        raise BadInput(f"{what}只能写成 {shown} 文件，而不是 {Path(out).name}：如 -o {Path(out).stem or what}{suffixes[0]}")


def text_errors() -> str:
    """How a text file in the clerk's encoding holds a character it cannot: replaced by ? and counted,
    said after the command (the CLI registers disc-replace), as on the screen; strict elsewhere."""
    import codecs

    try:
        codecs.lookup_error("disc-replace")
    except LookupError:
        return "strict"
    return "disc-replace"


def make_out_dir(folder: str | os.PathLike[str]) -> Path:
    """--out-dir: the folder, created (with its parents) when it does not exist yet."""
    p = Path(folder)
    if p.exists() and not p.is_dir():
        raise BadInput(f"--out-dir {folder} 是一个文件，不是文件夹")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise write_error(p, e) from None
    return p


def write_error(path: Path, exc: OSError) -> DiscError:
    """A clear message for a failed write; the old file (if any) is untouched."""
    reason = {
        errno.ENOSPC: "磁盘已满",
        getattr(errno, "EDQUOT", -1): "磁盘配额已用完",
        errno.EFBIG: "文件超过了允许的大小",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "所在磁盘是只读的",
        errno.ENOENT: "文件夹不存在",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return DiscError(f"无法写入 {path}：{reason}。没有留下不完整的文件，原有文件（如有）保持不变")


@contextmanager
def atomic_open(
    out: str | os.PathLike[str], mode: str = "w", *, encoding: str = "utf-8", newline: str | None = None,
    errors: str | None = None,
) -> Iterator[IO[Any]]:
    """A file handle to write `out` whole: a temporary file beside it, flushed to disk and renamed
    over the target only when the block ends without error; on any error the temporary file goes.
    errors: for text in an encoding like GBK that cannot hold every character (text_errors())."""
    target = check_output(out)
    parent = target.parent if str(target.parent) else Path(".")
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as e:
        raise write_error(target, e) from None
    tmp_path = Path(tmp)
    ok = False
    try:
        try:
            if "b" in mode:
                fh = os.fdopen(fd, mode)
            else:
                fh = os.fdopen(fd, mode, encoding=encoding, newline=newline, errors=errors or "strict")
        except BaseException:
            os.close(fd)
            raise
        try:
            with fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            _set_mode(tmp_path, target)
        except OSError as e:
            raise write_error(target, e) from None
        _replace(tmp_path, target)
        ok = True
    finally:
        if not ok:
            try:
                tmp_path.unlink()
            except OSError:
                pass


def _replace(tmp: Path, target: Path) -> None:
    """Put the finished file in place. On a clerk's Windows PC the target is often open in WPS,
    Word or Excel, which forbids replacing it: the new content is then kept under a free name
    beside it and the message says so (close the file and rerun to use the first name)."""
    try:
        os.replace(tmp, target)
        return
    except OSError as e:
        if e.errno not in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY) or not target.exists():
            raise write_error(target, e) from None
    for n in range(1, 100):
        alt = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if alt.exists():
            continue
        try:
            os.replace(tmp, alt)
        except OSError as e2:
            raise write_error(target, e2) from None
        raise DiscError(
            f"无法替换 {target}：它可能正被 WPS、Word 或 Excel 打开。新内容已完整写入 {alt}；"
            f"关闭 {target.name} 后重新运行，即可写到原来的文件名"
        )
    raise DiscError(f"无法替换 {target}：它可能正被 WPS、Word 或 Excel 打开。请关闭后重新运行（未写入任何文件）")


def _set_mode(tmp: Path, target: Path) -> None:
    """mkstemp makes 0600 files: give the new file the old one's mode, or the usual 0666 & ~umask."""
    try:
        if target.exists():
            mode = target.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
    except OSError:
        pass


def atomic_write(
    out: str | os.PathLike[str],
    data: str | bytes | Callable[[IO[Any]], Any],
    *,
    encoding: str = "utf-8",
    binary: bool = False,
    errors: str | None = None,
) -> None:
    """Write text, bytes, or what a writer callback writes (binary=True: to a bytes file), to `out`
    whole (see atomic_open)."""
    binary = binary or isinstance(data, bytes)
    if binary and callable(data):
        # office writers (zip files) are made in memory first: a zip left half-written by a full
        # disk would complain when garbage-collected; these files are small
        import io

        buf = io.BytesIO()
        data(buf)
        data = buf.getvalue()
    with atomic_open(out, "wb" if binary else "w", encoding=encoding, newline="" if not binary else None,
                     errors=None if binary else errors) as fh:
        if callable(data):
            data(fh)
        else:
            fh.write(data)


# --------------------------------------------------------------------------- disc's own state
def state_dir() -> Path:
    """Where disc keeps what is not the ledger (crash logs, the verified-ledger stamps)."""
    env = os.environ.get("DISC_STATE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "disc"
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "disc"
