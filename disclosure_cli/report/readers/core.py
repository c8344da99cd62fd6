"""The one interpreter behind every document reader: rows in, AnnualReport out.

Readers (txt/md, html, pdf, docx) only turn their format into `Row`s; everything about the report
format lives here: part headings, the prose of each part, and the cells of tables 二/三/四, found by
matching row labels and column headers against vocab (difflib on normalized text, so a misspelt
label still lands on the row it meant, and what was printed is kept for FMT-LABEL).

Contract with the checks (what a reader records beyond the numbers):
- every official cell is a key of t2/t3/t4; a number is an int (万元: Decimal);
- raw[(table,row,col)] = printed text of a located cell that is not a number ("" blank, "/", "-",
  "无" …); its value is None. A cell that could not be located is None with no raw entry: unread;
- raw[("t3","other",col)] = the printed figures of a single-row （六）其他处理 (2019 layout); its
  three 2021 sub-rows stay unread;
- labels: SeenLabel per matched label. kind "row"/"column" carry an official row/column code;
  kind "group" carries a t3 group code (withheld, unavailable, not_processed, other, results)
  or a t3 column group (applicants, legal_person);
- markers: "outdated:<label as printed>", "subtotal:<table>:<label as printed>",
  "duplicate:<table>:<row>", "missing:org", "missing:year", "scanned:<pdf pages without text>";
- labels text: as printed with the line breaks of its cell taken out (spaces kept: compare folded);
- headings: (part number, heading as printed); parts: prose per part, one paragraph a line (lines
  wrapped by a PDF or broken by a copy are joined again); the front matter before 一 is not a part;
- tables_found: the tables of which a row label or a cell was located;
- where no heading has been seen, a table row is placed by its labels; inside 一/五/六 a table is prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from disclosure_cli import vocab
from disclosure_cli.report.model import TABLE_CELLS, AnnualReport, SeenLabel
from disclosure_cli.report.readers import Row
from disclosure_cli.text import cell_text, fold, is_cell_number, parse_cell, plain_chars, simplified

# Labels of the 2019 trial format (国办公开办函〔2019〕60号). They are not official any more, so
# they are not in vocab; they are only recognised here to report FMT-OUTDATED.
OUTDATED_COLUMNS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减")
OUTDATED_ROWS = ("其他对外管理服务事项", "政府集中采购")
OUTDATED_SECTION = "第二十条第（九）项"
SUBTOTAL_WORDS = ("小计", "合计")

PART_TABLE = vocab.PART_TABLES
NUMERALS = "一二三四五六七八九十"

# --------------------------------------------------------------------------- text keys


def key(text: str) -> str:
    """Matching key of a label: the one text fold (disclosure_cli.text.fold)."""
    return fold(text)


def printed(text: str) -> str:
    """A label as printed, with the line breaks of a narrow cell taken out."""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    return "".join(parts) if parts else text.strip()


_PREFIX = re.compile(r"^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.]|\d+\.)")
_PAREN_TAIL = re.compile(r"\([^()]*\)$")
_YEAR = re.compile(r"\(?(?:19|20)\d{2}年度?\)?")


def variants(k: str, years: bool = False) -> tuple[str, ...]:
    """The key with and without its numbering and its trailing note in brackets."""
    out = {k}
    if years:
        out.add(_YEAR.sub("", k))
    for v in list(out):
        bare = _PREFIX.sub("", v)
        out.add(bare)
        out.add(_PAREN_TAIL.sub("", v))
        out.add(_PAREN_TAIL.sub("", bare))
    return tuple(v for v in out if len(v) >= 2 or v == k)


def ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# --------------------------------------------------------------------------- label pools


@dataclass(frozen=True)
class Entry:
    code: str | None
    kind: str  # row | column | group | results | parent | corner | content | outdated | subtotal
    label: str
    group: str | None = None  # t3 sub-item: its group code
    exact_only: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    score: float
    entry: Entry


class Pool:
    """Labels one kind of table cell may carry; best match by similarity, exact on aliases."""

    def __init__(self, entries: list[Entry], years: bool = False):
        self.entries = entries
        self.years = years
        self._cands = [(e, variants(key(e.label), years)) for e in entries]
        self._exact = {}
        for e in entries:
            for a in (e.label, *e.exact_only):
                self._exact.setdefault(key(a), e)

    def match(self, text: str, where: tuple[str, ...] | None = None) -> Match | None:
        return self._match(text, where)

    @lru_cache(maxsize=4096)  # noqa: B019 - pools are module-level singletons
    def _match(self, text: str, where: tuple[str, ...] | None) -> Match | None:
        k = key(text)
        if not k or len(k) > 80:
            return None
        e = self._exact.get(k)
        if e is not None and (where is None or e.group in where):
            return Match(1.0, e)
        # the start of one long label, the rest of it cut off by a page or a cell's line break
        if len(k) >= 8:
            starts = {
                entry.code: entry
                for entry, cands in self._cands
                if (where is None or entry.group in where) and any(c.startswith(k) and len(k) >= 0.4 * len(c) for c in cands)
            }
            if len(starts) == 1:
                return Match(0.9, next(iter(starts.values())))
        mine = variants(k, self.years)
        best: Match | None = None
        for entry, cands in self._cands:
            if where is not None and entry.group not in where:
                continue
            s = max(ratio(a, b) for a in mine for b in cands)
            if best is None or s > best.score:
                best = Match(s, entry)
        return best


def _t3_group_of(code: str) -> str:
    return code.split(".")[0]


@lru_cache(maxsize=1)
def pools() -> dict[str, Pool]:
    t2_rows = [Entry(t.code, "row", t.label, exact_only=t.aliases) for t in vocab.T2_ROWS]
    t2_rows += [Entry(None, "outdated", lab) for lab in OUTDATED_ROWS]
    t2_rows += [Entry(None, "subtotal", w) for w in SUBTOTAL_WORDS]
    t2_cols = [Entry(t.code, "column", t.label) for t in vocab.T2_COLUMNS]
    t2_cols += [Entry(None, "outdated", lab) for lab in OUTDATED_COLUMNS]
    t2_cols.append(Entry(None, "content", vocab.T2_CONTENT_HEADER))

    t3_rows: list[Entry] = []
    groups_done: set[str] = set()
    for r in vocab.T3_ROWS:
        if r.level3:
            g = _t3_group_of(r.code)
            if g not in groups_done:
                groups_done.add(g)
                t3_rows.append(Entry(g, "group", r.level2, group=g))
            t3_rows.append(Entry(r.code, "row", r.level3, group=g))
        else:
            t3_rows.append(Entry(r.code, "row", r.level2 or r.level1, group=None))
    t3_rows.append(Entry("results", "results", vocab.RESULTS))
    t3_rows += [Entry(None, "subtotal", w) for w in SUBTOTAL_WORDS]
    t3_cols = [Entry(t.code, "column", t.label) for t in vocab.T3_COLUMNS]
    t3_cols += [
        Entry("applicants", "group", vocab.APPLICANT_HEADER),
        Entry("legal_person", "group", vocab.LEGAL_PERSON_LABEL),
        Entry(None, "corner", vocab.T3_CORNER),
    ]
    t3_cols += [Entry(None, "subtotal", w) for w in SUBTOTAL_WORDS]

    t4_cols = [Entry(t.code, "column", t.label) for t in vocab.T4_COLUMNS]
    t4_cols += [Entry(t.code, "group", t.label) for t in vocab.T4_ROWS]
    t4_cols.append(Entry(None, "parent", vocab.T4_SUIT_LABEL))
    t4_rows = [Entry(t.code, "row", t.label) for t in vocab.T4_ROWS]

    parts = [Entry(n, "heading", h) for n, h in vocab.PARTS]
    return {
        "t2.row": Pool(t2_rows),
        "t2.col": Pool(t2_cols, years=True),
        "t3.row": Pool(t3_rows),
        "t3.col": Pool(t3_cols, years=True),
        "t4.col": Pool(t4_cols, years=True),
        "t4.row": Pool(t4_rows),
        "part": Pool(parts),
    }


# --------------------------------------------------------------------------- cell values

_BLANK_MARK = re.compile(r"^[-—–－/／\\、.。…×xX]+$|^(无|空|暂无|—+)$")
def _num_text(text: str) -> str:
    return cell_text(text)


_SIGNED = re.compile(r"^[+＋\-－−]\s*\d+$")


def is_value(text: str | None) -> bool:
    """A cell that holds a figure or a stand-in for one (blank, "/", "-", "无"); 「+1」 and 「-2」 are
    the figures of the 2019 format's 本年增/减."""
    if text is None:
        return False
    t = cell_text(text)
    return t == "" or is_cell_number(t) or bool(_BLANK_MARK.match(t)) or bool(_SIGNED.match(t))


def is_number(text: str | None) -> bool:
    return is_cell_number(text)


def parse_value(text: str, money: bool) -> int | Decimal | None:
    return parse_cell(text, money)


# --------------------------------------------------------------------------- patterns

_HEADING = re.compile(r"^([一二三四五六])\s*[、.．,，]\s*(\S.{0,40})$")
_FOOTER = re.compile(
    r"^([-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(\s*[,，/、]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页)$"
)
_CAPTION = re.compile(r"^第二十条第\(([一二三四五六七八九十]+)\)项$")
_SECTION_OF_NUMERAL = {"一": 0, "五": 1, "六": 2, "八": 3}
_PARA_END = re.compile(r"[。！？!?；;：:…]$")
_PARA_START = re.compile(r"^(\(?[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、．])")
_GROUP_SPLIT = re.compile(r"^\s*([（(][一二三四五六七][)）][^0-9０-９（(]*?)\s*([0-9０-９]+\s*[.．、].+)$")
_TITLE_YEAR = re.compile(r"^(.*?)((?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开|政府信息)")
_DATE = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_RANGE = rf"({_DATE})\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*((?:(?:19|20)\d{{2}}\s*年\s*)?\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)"
_PERIOD = re.compile(rf"(?:自|从|为|由|是)\s*{_RANGE}")
_BARE_PERIOD = re.compile(_RANGE)  # a range with no 自/从 before it: only in the front matter
_PUBLISHED = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")

_RESULTS_KEY = key(vocab.RESULTS)
_SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）]|^\d+[.、．]")
_NUMBERING_ONLY = re.compile(r"^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[.、．])$")
ROW_MIN = 0.6  # a label in a table cell
LOOSE_MIN = 0.75  # a label cut out of a line of text
COL_MIN = 0.6


def _pieces(label: str) -> list[str]:
    """A label cell split where one cell holds two labels: 三、本年度办理结果 / （三）… / 1.…"""
    out: list[str] = []
    k = key(label)
    if k.startswith(_RESULTS_KEY) and len(k) > len(_RESULTS_KEY):  # 三、本年度办理结果（一）予以公开
        out.append(vocab.RESULTS)
        label = re.sub(r"^\s*三\s*[、.．]\s*本\s*年\s*度\s*办\s*理\s*结\s*果\s*", "", label)
    m = _GROUP_SPLIT.match(label)
    if m:
        return [*out, m.group(1), m.group(2)]
    return [*out, label]


def _join_split_labels(cells: list[tuple[int, str]], pool: Pool) -> list[tuple[int, str]]:
    """Neighbouring header words that only together make a label (「商业 企业」 split by a space in
    PDF text): joined, where the join is a label exactly and the pieces are not."""
    if len(cells) < 2:
        return cells
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(cells):
        if i + 1 < len(cells):
            joined = cells[i][1] + cells[i + 1][1]
            m = pool.match(joined)
            a, b = pool.match(cells[i][1]), pool.match(cells[i + 1][1])
            if m and m.score == 1.0 and not (a and a.score == 1.0) and not (b and b.score == 1.0):
                out.append((cells[i][0], joined))
                i += 2
                continue
        out.append(cells[i])
        i += 1
    return out


def _adds_up(values: list[str | None]) -> bool:
    """A t3 row whose six applicant columns add up to its total."""
    if len(values) != len(vocab.T3_COLUMNS) or not all(is_number(v) for v in values):
        return False
    nums = [int(_num_text(v)) for v in values]  # type: ignore[arg-type]
    return sum(nums[:-1]) == nums[-1]


def t4_group_named(text: str) -> str | None:
    """The 表四 group a caption or header cell names, wording aside: 「（二）行政诉讼情况（未经复议
    直接起诉）」 is suit_direct, 「复议后起诉」 suit_after_review, 「行政复议情况」 review;
    「行政诉讼」 alone names the parent of two groups, not one."""
    k = key(text)
    if len(k) > 40:
        return None
    if "复议后起诉" in k or "复议后诉讼" in k or "经复议后" in k:
        return "suit_after_review"
    if "直接起诉" in k or "未经复议" in k:
        return "suit_direct"
    if "行政复议" in k and "诉讼" not in k and "起诉" not in k:
        return "review"
    return None


def _t4_adds_up(values: list[str | None]) -> bool:
    n = len(vocab.T4_COLUMNS)
    if len(values) != len(vocab.t4_cells()) or not all(is_number(v) for v in values):
        return False
    nums = [int(_num_text(v)) for v in values]  # type: ignore[arg-type]
    return all(sum(nums[g : g + n - 1]) == nums[g + n - 1] for g in range(0, len(nums), n))


def _rejoin(values: list[str | None], width: int, check) -> list[str | None] | None:  # type: ignore[no-untyped-def]
    """The figures of a row when one or two of them were broken over two lines: the one way of
    joining neighbours back that makes the row's own check hold (its sum); exactly `width` figures
    come back as they are. None: no single way — the row is left unread, never guessed."""
    if len(values) == width:
        return list(values)
    extra = len(values) - width
    if extra <= 0 or extra > 2 or check is None:
        return None
    import itertools

    found = []
    for picks in itertools.combinations(range(len(values) - 1), extra):
        if any(b - a < 2 for a, b in zip(picks, picks[1:], strict=False)):
            continue
        out: list[str | None] = []
        i = 0
        while i < len(values):
            if i in picks:
                a, b = values[i] or "", values[i + 1] or ""
                if not (is_number(a) and is_number(b)):
                    break
                out.append(a + b)
                i += 2
            else:
                out.append(values[i])
                i += 1
        else:
            if check(out):
                found.append(out)
    return found[0] if len(found) == 1 else None


# --------------------------------------------------------------------------- the interpreter


class Interpreter:
    """Walks the rows of one document and fills an AnnualReport; see the module docstring."""

    def __init__(self, source: str = ""):
        rep = AnnualReport(org="", year=0, source=source)
        for t, cells in TABLE_CELLS.items():
            table = rep.table(t)
            for k in cells:
                table[k] = None
        rep.tables_found = set()
        self.rep = rep
        self.P = pools()
        self.part: str | None = None
        self.preamble: list[str] = []
        self.paras: dict[str, list[str]] = {}
        self.last_lines: list[str] = []
        self.last_prose_len = 0
        self.html_title = ""
        self._reset_tables()
        self.group_rows: dict[str, tuple[str, list[str | None]]] = {}
        self.last_table: str | None = None
        self.located: set[tuple[str, str, str]] = set()
        self._marked: set[str] = set()
        self.numbered: dict[str, bool] = {}  # part -> its heading carried its numeral

    def _reset_tables(self) -> None:
        self.t2_section: int | None = None
        self.t2_header: list[str | None] | None = None
        self.header_rows: list[list[tuple[int, str]]] = []
        self.header_table: str | None = None
        self.t3_leaves: list[str | None] | None = None
        self.t4_leaves: list[tuple[str, str]] | None = None
        self.t3_group: str | None = None
        self.pending_label: tuple[str, str, list[str]] | None = None  # (table, row code, printed)
        self.pending_values: tuple[str, list[str | None]] | None = None
        # one cell per line (crawled text): the row whose figures are still coming, and them
        self.stream: tuple[str, str | None, list[str | None], str] | None = None
        self.label_prefix = ""  # 「(三)」 on a line of its own, for the label on the next line
        self.t2_head_open = False
        self.last_t3: tuple[str, list[str | None]] | None = None  # the last t3 row read from a line

    # ------------------------------------------------------------------ bookkeeping
    def mark(self, marker: str) -> None:
        if marker not in self._marked:
            self._marked.add(marker)
            self.rep.markers.append(marker)

    def seen(self, table: str, kind: str, code: str, text: str) -> None:
        self.rep.labels.append(SeenLabel(table, kind, code, printed(text)))

    def _set(self, table: str, row: str, col: str, text: str | None) -> None:
        k = (table, row, col)
        if k in self.located:
            self.mark(f"duplicate:{table}:{row}")
            return
        self.located.add(k)
        self.rep.tables_found.add(table)
        text = "" if text is None else text.strip()
        value = parse_value(text, money=(table, col) == ("t2", "amount_wan"))
        self.rep.table(table)[(row, col)] = value
        if value is None:
            self.rep.raw[k] = printed(text)

    def _assign(self, table: str, row: str, cols: list[str | None], values: list[str | None]) -> None:
        vals = list(values)
        while len(vals) > len(cols) and vals and (vals[0] is None or not vals[0].strip()):
            vals.pop(0)
        for col, v in zip(cols, vals, strict=False):
            if col is not None:
                self._set(table, row, col, v)

    # ------------------------------------------------------------------ feeding
    def feed(self, row: Row) -> None:
        if row.meta.get("scanned"):
            self.mark("scanned:" + ",".join(str(n) for n in row.meta["scanned"]))
        texts = row.texts
        if not texts:
            # an empty grid row under 表四's header: the blank data row of the official template
            if row.exact and len(row.cells) > 1 and self._table_context() == "t4":
                self.flush_stream()
                self._t4_row([], [c for c in row.cells if c is not None], loose=False)
            return
        if row.is_line:
            self._single(row, texts[0])
        else:
            self.flush_stream()
            self.t2_head_open = False
            self._multi(row)

    def _table_context(self) -> str | None:
        return PART_TABLE.get(self.part or "")

    # ------------------------------------------------------------------ one text
    def _single(self, row: Row, text: str) -> None:
        t = text.strip()
        flat = printed(t)
        if _FOOTER.match(flat):
            return
        self.last_lines = [*self.last_lines[-5:], flat]
        table = self._table_context()
        if table is not None and self._stream_value(table, flat):
            return
        self.flush_stream()
        if self._heading(flat):
            self.t2_head_open = False
            return
        if table is None and self.part is None and _CAPTION.match(key(flat)):
            table = "t2"
        if table is not None and self._table_line(table, flat, row):
            return
        self._prose(flat)

    def _heading(self, text: str) -> bool:
        """A part heading: 「一、总体情况」 (the wording may differ; a numbered line that comes right
        after the part before it is the next part whatever its words), or an official heading
        without its numeral. 「（一）主动公开政府信息情况」 is a sub-heading of 一, never part 二; the
        headings of a table of contents before the report are set aside when the numbered ones come."""
        t = re.sub(r"^[#\s*]+|[*\s]+$", "", text)
        if _SUB_HEADING.match(t):
            return False
        run_in = ""
        head = re.match(r"^([一二三四五六]\s*[、.．]\s*[^。；]{2,30}?)[。；]\s*(\S.*)$", t)
        if head and _HEADING.match(head.group(1)):  # 「六、其他需要报告的事项。2024年，……」: the heading ends at 。
            t, run_in = head.group(1), head.group(2)
        m = _HEADING.match(t)
        found: str | None = None
        numbered = bool(m)
        if m:
            body = key(m.group(2))
            if re.search(r"\d\s*$", m.group(2)):  # a row label of a table followed by figures
                return False
            numeral = m.group(1)
            own = dict(vocab.PARTS)[numeral]
            if ratio(body, key(own)) >= 0.6 or body.startswith(key(own)[:4]):
                found = numeral
            else:
                best = self.P["part"].match(m.group(2))
                if best and best.score >= 0.8:
                    found = best.entry.code
                elif self._next_part() == numeral and numeral in ("五", "六") and len(body) <= 25 and not _PARA_END.search(t):
                    found = numeral  # 五、工作中存在的不足及下一步打算: the part, in other words
        elif len(t) <= 20:
            best = self.P["part"].match(t)
            if best and best.score >= 0.95:
                found = best.entry.code
        if found is None:
            return False
        if any(n == found for n, _ in self.rep.headings):
            if not (numbered and self._drop_contents(found)):
                return False
        self.rep.headings.append((found, t))
        self.numbered[found] = numbered
        self.part = found
        self.last_table = None
        self.paras.setdefault(found, [])
        self._reset_tables()
        if run_in:
            self._prose(run_in)
        return True

    def _next_part(self) -> str | None:
        numbers = [n for n, _ in vocab.PARTS]
        if not self.rep.headings:
            return numbers[0]
        last = numbers.index(self.rep.headings[-1][0])
        return numbers[last + 1] if last + 1 < len(numbers) else None

    def _drop_contents(self, found: str) -> bool:
        """The part was already opened by an un-numbered heading with (almost) nothing under it: that
        was a table of contents. Its headings go back to the front matter; the numbered one counts."""
        if self.numbered.get(found, True):
            return False
        toc = [(n, h) for n, h in self.rep.headings if not self.numbered.get(n, True)]
        # the entries follow one another; what stood after the last one (the opening) goes back too
        if any(len("".join(self.paras.get(n, []))) > 40 for n, _ in toc[:-1]):
            return False
        for n, h in toc:
            self.preamble.append(h)
            self.preamble += self.paras.pop(n, [])
            self.numbered.pop(n, None)
        self.rep.headings = [(n, h) for n, h in self.rep.headings if self.numbered.get(n, False)]
        self.part = None
        return True

    def _prose(self, text: str) -> None:
        if self.part is None:
            self.preamble.append(text)
            return
        paras = self.paras.setdefault(self.part, [])
        if (
            paras
            and self.last_prose_len >= 15  # a short line (a signature, a date) ends its paragraph
            and not _PARA_END.search(paras[-1])
            and not _PARA_START.match(text)
            and not _PUBLISHED.match("".join(text.split()))
        ):
            paras[-1] += text
        else:
            paras.append(text)
        self.last_prose_len = len(text)

    def _table_line(self, table: str, text: str, row: Row) -> bool:
        """A single text in a table part: caption, header line, label, or label + figures."""
        k = key(text)
        if table == "t2":
            m = _CAPTION.match(k)
            if m:
                self.t2_section = _SECTION_OF_NUMERAL.get(m.group(1))
                self.t2_header = None
                if m.group(1) == "九":
                    self.mark(f"outdated:{text}")
                    self.t2_section = -1
                return True
            if k == key(OUTDATED_SECTION):
                self.mark(f"outdated:{text}")
                return True
        if table == "t4" and not re.search(r"\d", k) and self._t4_caption(text):
            return True
        if len(k) <= 2 and not re.search(r"\d", k):
            if table == "t2" and self._label_only(table, text):
                return True  # 规章 on a line of its own
            return True  # a piece of a vertical label (三 / 、 / 本 …)
        tokens = text.split()
        values: list[str | None] = []
        while tokens and is_value(tokens[-1]) and _num_text(tokens[-1]) != "":
            values.insert(0, tokens.pop())
        label = " ".join(tokens)
        if values and not any(is_number(v) for v in values):
            return False
        if values:
            if table == "t3" and len(values) < 5:  # a line of prose that ends in a number
                return False
            return self._data(table, [(0, label)] if label else [], values, loose=True)
        # no figures: a header line, a label waiting for its figures, or prose
        if len(tokens) > 1 and self._maybe_header(table, list(enumerate(tokens)), strict=True):
            return True
        if self._maybe_header(table, [(0, text)], strict=True):
            return True
        return self._label_only(table, text)

    # ------------------------------------------------------------------ several cells
    def _multi(self, row: Row) -> None:
        table = self._table_context()
        cells = row.cells
        last_label = -1
        for i, c in enumerate(cells):
            if c is not None and c.strip() and not is_value(c):
                last_label = i
        label_cells = [(i, c) for i, c in enumerate(cells[: last_label + 1]) if c is not None and c.strip()]
        values = list(cells[last_label + 1 :])
        if row.exact:
            values = [v for v in values if v is not None]
        else:
            values = ["" if v is None else v for v in values]
            while values and not values[-1].strip():
                values.pop()
        has_numbers = any(v is not None and v.strip() for v in values)
        # a table inside part 一/五/六 is the agency's own (items by channel …): its text is prose;
        # tables are looked for by their labels only where no heading says where they are
        if self.part is None or table is not None:
            table = self._choose_table(table, label_cells)
        if table is None:
            self._prose(" ".join(printed(c) for c in row.texts))
            return
        self.last_table = table
        if not has_numbers and label_cells and self._maybe_header(table, label_cells, strict=False):
            return
        if table == "t2" and label_cells and _CAPTION.match(key(label_cells[0][1])) and not has_numbers:
            self._table_line(table, printed(label_cells[0][1]), row)
            return
        if not self._data(table, label_cells, values, loose=not row.exact) and self.part is not None:
            text = " ".join(printed(c) for c in row.texts)
            if not has_numbers:
                self._prose(text)

    _GUESS = (("t2", "t2.row"), ("t2", "t2.col"), ("t3", "t3.row"), ("t3", "t3.col"), ("t4", "t4.col"))

    def _table_scores(self, label_cells: list[tuple[int, str]]) -> tuple[dict[str, float], dict[str, float]]:
        """Per table: the sum of the good label matches of a row, and its best single match."""
        total: dict[str, float] = {}
        top: dict[str, float] = {}
        for _, c in label_cells:
            best: dict[str, float] = {}
            for piece in _pieces(printed(c)):
                for table, pool in self._GUESS:
                    m = self.P[pool].match(piece)
                    if m and m.entry.kind in ("row", "column", "group", "results"):
                        best[table] = max(best.get(table, 0.0), m.score)
            for table, sc in best.items():
                top[table] = max(top.get(table, 0.0), sc)
                if sc >= 0.85:
                    total[table] = total.get(table, 0.0) + sc
        return total, top

    def _choose_table(self, context: str | None, label_cells: list[tuple[int, str]]) -> str | None:
        """The table a row belongs to: its part's table, unless its labels plainly belong to
        another one (a heading missing or misnumbered); without a part, the table it names, and
        an unlabelled row of figures belongs to the table of the row before it."""
        if not label_cells:
            return context or self.last_table
        total, top = self._table_scores(label_cells)
        if not total:
            return context
        prefer = context or self.last_table
        best = max(total, key=lambda t: (total[t], t == prefer))
        if context is None or top.get(context, 0.0) < ROW_MIN:
            return best
        return context

    # ------------------------------------------------------------------ headers
    def _maybe_header(self, table: str, cells: list[tuple[int, str]], strict: bool) -> bool:
        """Column labels of `table`: t2 one row per section; t3/t4 a block of rows."""
        pool = self.P[f"{table}.col"]
        cells = _join_split_labels(cells, pool)
        kinds = []
        for _, c in cells:
            m = pool.match(c)
            if m and m.score >= (0.8 if strict else 0.75) and m.entry.kind != "subtotal":
                kinds.append(m.entry.kind)
        if not kinds:
            return False
        if len(kinds) == 1 and kinds[0] == "column":
            # one label that names a column may as well be a row with blank cells: 3.其他, （七）总计
            rows = self.P.get(f"{table}.row")
            m = rows.match(cells[0][1]) if rows is not None and len(cells) == 1 else None
            if len(cells) > 1 or (m is not None and m.score >= 0.75):
                return False
        if table == "t2":
            self._t2_header(cells, extend=self.t2_head_open and len(cells) == 1)
            self.t2_head_open = len(cells) == 1  # one label a line: the next may continue the header
            return True
        if self.header_table != table or self._header_done:
            self.header_rows = []
            self._header_done = False
        self.header_table = table
        self.header_rows.append(cells)
        if table == "t4":
            self.t4_headers_seen = True
        return True

    _header_done = False

    def _close_header(self, table: str) -> None:
        if self.header_table != table or not self.header_rows or self._header_done:
            return
        self._header_done = True
        if table == "t3":
            self.t3_leaves = self._t3_leaves(self.header_rows)
        else:
            self.t4_leaves = self._t4_leaves(self.header_rows)

    def _t2_header(self, cells: list[tuple[int, str]], extend: bool = False) -> None:
        pool = self.P["t2.col"]
        leaves: list[str | None] = []
        for _, c in cells:
            m = pool.match(c)
            if m is None or m.score < COL_MIN:
                leaves.append(None)
                continue
            e = m.entry
            if e.kind == "content":
                continue
            if e.kind == "outdated":
                if m.score >= 0.85:  # a 2019 label, not merely one that shares a word with it
                    self.mark(f"outdated:{printed(c)}")
                leaves.append(None)
            elif e.kind == "column":
                self.seen("t2", "column", e.code or "", c)
                leaves.append(e.code)
            else:
                leaves.append(None)
        if extend and self.t2_header is not None:
            self.t2_header = [*self.t2_header, *leaves]
        else:
            self.t2_header = leaves
        section = self.t2_section
        if section is not None and section >= 0 and any(m.startswith("outdated:") for m in self._marked):
            own = vocab.T2_SECTIONS[section][2]
            if not any(c in own for c in self.t2_header if c):
                # a section printed with the 2019 columns only (本年新制作数量 …; 上一年项目数量 / 本年增/减):
                # its 2021 cells are not in the document to read
                self.mark(f"layout2019:t2:{section}")

    def _t3_leaves(self, rows: list[list[tuple[int, str]]]) -> list[str | None] | None:
        pool = self.P["t3.col"]
        by_pos: dict[int, str | None] = {}
        for cells in rows:
            for pos, c in cells:
                m = pool.match(c)
                if m is None or m.score < COL_MIN:
                    continue
                e = m.entry
                if e.kind == "column":
                    self.seen("t3", "column", e.code or "", c)
                    by_pos[pos] = e.code
                elif e.kind == "group":
                    self.seen("t3", "group", e.code or "", c)
                elif e.kind == "subtotal":
                    self.mark(f"subtotal:t3:{printed(c)}")
                    by_pos[pos] = None
        leaves = [by_pos[p] for p in sorted(by_pos)]
        codes = [c for c in leaves if c]
        if sorted(codes) != sorted(vocab.T3_COLUMNS.codes):
            return None
        return leaves

    def _t4_caption(self, text: str) -> bool:
        """「（一）行政复议情况」 over a piece of 表四 printed as three tables: the group of the
        header that follows (a new header block begins)."""
        group = t4_group_named(text)
        if group is None:
            return False
        if self.header_table == "t4" and not self._header_done and self.header_rows:
            # inside the one-table header (行政复议 / 行政诉讼 / 未经复议直接起诉 …): a header cell
            self.header_rows.append([(0, text)])
            return True
        self.header_rows = [[(-1, text)]]  # position -1: a caption, over every column, not a label
        self._header_done = False
        self.header_table = "t4"
        self.t4_piece = group
        return True

    t4_piece: str | None = None

    def _t4_leaves(self, rows: list[list[tuple[int, str]]]) -> list[tuple[str, str]] | None:
        """The (group, column) of each figure to come: the whole table (15), or a piece of it — one
        group's five columns under a caption naming the group, or, with no caption, the next group
        in the official order."""
        pool = self.P["t4.col"]
        groups: list[tuple[int, int, str]] = []
        leaves: list[tuple[int, int, str]] = []
        for ri, cells in enumerate(rows):
            for pos, c in cells:
                m = pool.match(c)
                named = t4_group_named(c)
                if named is not None and (pos < 0 or m is None or m.entry.kind != "group" or m.score < 0.95):
                    groups.append((ri, pos, named))  # a caption in its own words: not a label to judge
                    continue
                if m is None or m.score < COL_MIN:
                    continue
                e = m.entry
                if e.kind == "column":
                    self.seen("t4", "column", e.code or "", c)
                    leaves.append((ri, pos, e.code or ""))
                elif e.kind == "group":
                    self.seen("t4", "row", e.code or "", c)
                    groups.append((ri, pos, e.code or ""))
        out: list[tuple[str, str]] = []
        n_cols = len(vocab.T4_COLUMNS)
        if not groups and len(leaves) == n_cols:  # a piece with no caption: the next group
            done = {r for (t, r, _c) in self.located if t == "t4"}
            left = [g for g in vocab.T4_ROWS.codes if g not in done]
            if not left:
                return None
            groups = [(-1, 0, left[0])]
        for ri, pos, col in sorted(leaves, key=lambda x: x[1]):
            above = [g for g in groups if g[0] < ri and g[1] <= pos]
            if not above:
                return None
            g = max(above, key=lambda g: (g[1], g[0]))
            out.append((g[2], col))
        if len(set(out)) != len(out) or not out or len(out) % n_cols:
            return None
        by_group: dict[str, set[str]] = {}
        for g, c in out:
            by_group.setdefault(g, set()).add(c)
        if any(cols != set(vocab.T4_COLUMNS.codes) for cols in by_group.values()):
            return None  # a group with some of its columns only: not a layout we know
        return out

    # ------------------------------------------------------------------ data rows
    def _data(
        self, table: str, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool
    ) -> bool:
        if table == "t2":
            return self._t2_row(label_cells, values, loose)
        if table == "t3":
            return self._t3_row(label_cells, values, loose)
        return self._t4_row(label_cells, values, loose)

    def _t2_row(self, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool) -> bool:
        if not label_cells:
            return False
        text = printed(" ".join(c for _, c in label_cells))
        m = self.P["t2.row"].match(text)
        if m is None or m.score < (LOOSE_MIN if loose else ROW_MIN):
            return False
        e = m.entry
        self.rep.tables_found.add("t2")
        if e.kind == "outdated":
            self.mark(f"outdated:{text}")
            return True
        if e.kind == "subtotal":
            self.mark(f"subtotal:t2:{text}")
            return True
        if self.t2_section == -1:  # rows under 第二十条第（九）项
            return True
        code = e.code or ""
        self.seen("t2", "row", code, text)
        own = next(cols for _, rows, cols in vocab.T2_SECTIONS if code in rows)
        cols: list[str | None] = list(own)
        if self.t2_header is not None and all(c is None or c in own for c in self.t2_header):
            cols = list(self.t2_header)
        self._assign("t2", code, cols, values)
        return True

    def _t3_resolve(
        self, label_cells: list[tuple[int, str]], loose: bool
    ) -> tuple[str | None, str | None, str]:
        """(row code, group code, label as printed) for the label cells of one t3 row."""
        pool = self.P["t3.row"]
        need = LOOSE_MIN if loose else ROW_MIN
        pieces: list[str] = []
        for _, c in label_cells:
            c = printed(c)
            if loose:  # drop the characters of a vertical label that share the line (三 / 本 / 年 …)
                toks = c.split()
                while len(toks) > 1 and len(key(toks[0])) == 1:
                    toks.pop(0)
                c = " ".join(toks)
            split = _pieces(c)
            if len(split) > 1:
                pieces += split
                continue
            if loose and len(c.split()) > 1:
                whole = pool.match(c)
                if whole is None or whole.score < need:
                    pieces += [t for t in c.split() if len(key(t)) > 1]
                    continue
            pieces.append(c)
        group: str | None = None
        rows: list[tuple[Match, str]] = []
        subtotal = False
        rest: list[str] = []
        for p in pieces:
            m = pool.match(p)
            if m is None or m.score < need:
                rest.append(p)
                continue
            e = m.entry
            if e.kind == "results":
                self.seen("t3", "group", "results", p)
            elif e.kind == "group":
                group = e.code
                self.seen("t3", "group", e.code or "", p)
            elif e.kind == "subtotal":
                subtotal = True
            else:
                rows.append((m, p))
        self.t3_rest = rest  # what did not read as a label: perhaps a head whose tail comes next
        if loose and not rows and len(rest) > 1:  # a label broken by a space: try it whole
            joined = "".join(rest)
            m = pool.match(joined)
            if m and m.score >= need and m.entry.kind == "row":
                rows.append((m, joined))
        if subtotal:
            return None, group or self.t3_group, "subtotal"
        if not rows:
            return None, group, ""
        m, text = max(rows, key=lambda x: x[0].score)
        ctx = group or self.t3_group
        if m.entry.group is not None and ctx is not None and m.entry.group != ctx:
            alt = pool.match(text, where=(ctx,))
            if alt and alt.score >= need and alt.score >= m.score - 0.1:
                m = alt
        return m.entry.code, group, text

    def _t3_row(self, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool) -> bool:
        has_numbers = any(is_number(v) for v in values)
        if label_cells and not has_numbers and all(v is None or not str(v).strip() for v in values):
            # a row broken by a page: the tail of the label (「类内部事务信息」 under 「5.属于三」) in an
            # otherwise empty row on the next page is part of the row above, not a blank row
            tail = printed("".join(c for _, c in label_cells))
            held, self.held_t3 = self.held_t3, None
            if held is not None:  # 「5.属于三」 + its figures did not read as a label; with the tail it does
                code, _group, text = self._t3_resolve([(0, held[0] + tail)], loose=False)
                if code is not None:
                    self.seen("t3", "row", code, text)
                    self.rep.tables_found.add("t3")
                    self._t3_emit(code, held[1])
                    return True
            if self._continue_label(tail):
                return True
        self.held_t3 = None
        if not label_cells:
            if loose and has_numbers:
                if self.pending_label and self.pending_label[0] == "t3":
                    _, code, _ = self.pending_label
                    self.pending_label = None
                    self._t3_emit(code, values)
                else:
                    self.pending_values = ("t3", values)
                return True
            return False
        if self.label_prefix:
            label_cells = [(label_cells[0][0], self.label_prefix + label_cells[0][1]), *label_cells[1:]]
            self.label_prefix = ""
        if self.pending_label and self.pending_label[0] == "t3" and self.pending_label[2] and self.pending_label[2][0]:
            # a label whose first half stood on the line before (a cell's line break in copied text)
            _, pcode, (ptext, *_) = self.pending_label
            alone = self.P["t3.row"].match(printed(" ".join(c for _, c in label_cells)))
            joined_text = ptext + printed(" ".join(c for _, c in label_cells))
            joined = self.P["t3.row"].match(joined_text)
            if joined and joined.entry.code == pcode and joined.score >= max(alone.score if alone else 0, LOOSE_MIN):
                self.pending_label = None
                for i in range(len(self.rep.labels) - 1, -1, -1):
                    if self.rep.labels[i].table == "t3" and self.rep.labels[i].code == pcode:
                        self.rep.labels[i] = SeenLabel("t3", "row", pcode, joined_text)
                        break
                if has_numbers:
                    self._t3_emit(pcode, values)
                return True
        code, group, text = self._t3_resolve(label_cells, loose)
        if text == "subtotal":
            if group:
                self.t3_group = group
            self.mark(f"subtotal:t3:{printed(' '.join(c for _, c in label_cells))}")
            return True
        if code is None:
            if group is None:
                if has_numbers and not loose:  # perhaps the head of a label a page break cut off
                    self.held_t3 = (printed(" ".join(c for _, c in label_cells)), list(values))
                return False
            self.t3_group = group
            if has_numbers:
                label = printed(" ".join(c for _, c in label_cells))
                self.group_rows.setdefault(group, (label, values))
            return True
        self.rep.tables_found.add("t3")
        self.seen("t3", "row", code, text)
        row = vocab.T3_ROW_BY_CODE[code]
        self.t3_group = _t3_group_of(code) if row.level3 else None
        if not values or (loose and not has_numbers):
            if loose:
                if self.pending_values and self.pending_values[0] == "t3":
                    vals = self.pending_values[1]
                    self.pending_values = None
                    self._t3_emit(code, vals)
                else:
                    self.pending_label = ("t3", code, [text])
            return True
        self.pending_label = None
        self.pending_values = None
        self._t3_emit(code, values)
        return True

    def _t3_cols(self) -> list[str | None]:
        self._close_header("t3")
        return list(self.t3_leaves) if self.t3_leaves else list(vocab.T3_COLUMNS.codes)

    def _t3_emit(self, code: str, values: list[str | None]) -> None:
        self._assign("t3", code, self._t3_cols(), values)
        self.last_t3 = (code, list(values)) if len(values) == len(vocab.T3_COLUMNS) else None

    def _t4_row(self, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool) -> bool:
        self._close_header("t4")
        if label_cells:
            text = printed(" ".join(c for _, c in label_cells))
            stripped = (
                text.replace(vocab.T4_SUIT_LABEL, "", 1)
                if len(key(text)) > len(vocab.T4_SUIT_LABEL)
                else text
            )
            m = self.P["t4.row"].match(stripped)
            if (
                m
                and m.score >= (LOOSE_MIN if loose else ROW_MIN)
                and len(values) <= len(vocab.T4_COLUMNS) + 2
            ):
                code = m.entry.code or ""
                self.seen("t4", "row", code, stripped)
                self._assign("t4", code, list(vocab.T4_COLUMNS.codes), values)
                return True
        if not any(is_number(v) for v in values):
            # a grid row of blanks right under a complete header: the data row, left empty
            blank_row = (
                not loose and self.t4_leaves is not None and len(values) == len(self.t4_leaves)
                and all(is_value(v) for v in values)
                and not any(k[0] == "t4" and (k[1], k[2]) in self.t4_leaves for k in self.located)
            )
            if not blank_row:
                return False
        piece = self.t4_leaves is not None and len(self.t4_leaves) < len(vocab.t4_cells())
        if len(values) < len(vocab.T4_COLUMNS) + 1 and loose and not piece:
            return False
        cells = self.t4_leaves or vocab.t4_cells()
        vals = list(values)
        while len(vals) > len(cells) and vals and (vals[0] is None or not vals[0].strip()):
            vals.pop(0)
        for (r, c), v in zip(cells, vals, strict=False):
            self._set("t4", r, c, v)
        return True

    # ------------------------------------------------------------------ one cell per line
    def _stream_value(self, table: str, text: str) -> bool:
        """A line that is only a figure (or a blank mark), in a table where a row is waiting for its
        figures one per line: it joins them. A lone number after a t3 row read from one line may be
        the tail of its last figure, broken by a narrow column (1 / 62): joined when that is what
        makes the row add up."""
        tokens = text.split()
        if not tokens or not all(is_value(t) and _num_text(t) != "" for t in tokens):
            return False
        if self.stream is not None and self.stream[0] == table:
            self.stream[2].extend(tokens)
            return True
        if table == "t4" and self.header_table == "t4" and not self._header_done_t4_values:
            self.stream = ("t4", None, list(tokens), "")
            return True
        if table == "t3" and self.last_t3 is not None and len(tokens) == 1 and is_number(tokens[0]):
            code, vals = self.last_t3
            self.last_t3 = None
            joined = [*vals[:-1], (vals[-1] or "") + tokens[0]]
            if not _adds_up(vals) and _adds_up(joined):
                for col, v in zip(self._t3_cols(), joined, strict=False):
                    if col is not None:
                        self.located.discard(("t3", code, col))
                        self.rep.raw.pop(("t3", code, col), None)
                        self._set("t3", code, col, v)
                return True
        return False

    _header_done_t4_values = False
    last_group_values: tuple[str, list[str | None]] | None = None  # a group label's figures, just flushed
    held_t3: tuple[str, list[str | None]] | None = None  # a row whose label read as nothing, with its figures

    def _start_stream(self, table: str, code: str | None, label: str = "") -> None:
        self.flush_stream()
        if code is None or not code.startswith("group:"):
            self.last_group_values = None
        self.stream = (table, code, [], label)

    def flush_stream(self) -> None:
        """The row whose figures came one per line is complete: assign them (a figure broken over
        two lines is rejoined where the row's own sum says how; otherwise nothing is guessed)."""
        if self.stream is None:
            return
        table, code, values, label = self.stream
        self.stream = None
        if code is not None and code.startswith("group:"):  # figures under a group's own label
            vals = _rejoin(values, len(vocab.T3_COLUMNS), _adds_up) if values else None
            if vals is not None:
                group = code[len("group:"):]
                if group not in self.group_rows:
                    self.group_rows[group] = (label, vals)
                    self.last_group_values = (group, vals)
            return
        if not values:
            if code is not None and table == "t3":
                self.pending_label = ("t3", code, [label])
            return
        if table == "t2" and code is not None:
            own = next(cols for _, rows, cols in vocab.T2_SECTIONS if code in rows)
            header = self.t2_header
            if header is not None and len(header) == len(values) and all(
                c is None or c in own for c in header
            ):
                # the section's header says which figure is which, as on a row of cells (the 2019
                # format's three columns; its 2021 cells absent)
                self._assign("t2", code, list(header), values)
                return
            vals = _rejoin(values, len(own), None) or values[: len(own)]
            self._assign("t2", code, list(own), vals)
        elif table == "t3" and code is not None:
            vals = _rejoin(values, len(vocab.T3_COLUMNS), _adds_up)
            if vals is not None:
                self._t3_emit(code, vals)
        elif table == "t4":
            self._header_done_t4_values = True
            vals = _rejoin(values, len(vocab.t4_cells()), _t4_adds_up)
            if vals is not None:
                self._t4_row([], vals, loose=False)

    def _label_only(self, table: str, text: str) -> bool:
        """A label on a line of its own (unruled pdf text): remember it for the figures to come."""
        if table == "t3":
            if _NUMBERING_ONLY.match(text.strip()):
                self.label_prefix = text.strip()  # (三) / 不予公开 on two lines
                return True
            if self.label_prefix:
                text, self.label_prefix = self.label_prefix + text, ""
            exact = self.P["t3.row"].match(text)
            rest = "".join(getattr(self, "t3_rest", []))
            if rest and (exact is None or exact.score < 1.0):
                # 「（四）无」 at the foot of a page that did not read, 「法提供」 on the next one
                m = self.P["t3.row"].match(rest + text)
                if m and m.score >= 0.95 and m.entry.kind in ("group", "row"):
                    self.t3_rest = []
                    self.seen("t3", m.entry.kind, m.entry.code or "", rest + text)
                    if m.entry.kind == "group":
                        self.t3_group = m.entry.code
                    return True
            if (exact is None or exact.score < 1.0) and self._continue_label(text):
                return True
            code, group, printed_label = self._t3_resolve([(0, text)], loose=True)
            if printed_label == "subtotal":
                return True
            if code is None:
                if group is not None:
                    self.t3_group = group
                    # its own figures may follow, one a line (the 2019 single row （六）其他处理, a
                    # subtotal) — unless a row's label just before still waits for its figures (a
                    # vertical group label printed between a sub-row's label and its figures)
                    waiting = self.stream is not None and self.stream[0] == "t3" and not self.stream[2]
                    if not waiting:
                        self._start_stream("t3", f"group:{group}", printed(text))
                    return True
                m = self.P["t3.row"].match(text)
                if m and m.entry.kind == "results" and m.score >= LOOSE_MIN:
                    return True
                return self._continue_label(text)
            self.seen("t3", "row", code, printed_label)
            self.rep.tables_found.add("t3")
            self.t3_group = _t3_group_of(code) if vocab.T3_ROW_BY_CODE[code].level3 else None
            last_group, self.last_group_values = self.last_group_values, None
            if last_group is not None and last_group[0] == self.t3_group and not self.pending_values:
                # figures between a group's label and its first sub-row's label belong to that sub-row
                # (an unruled PDF prints the vertical group label beside the row, above its label)
                self.group_rows.pop(last_group[0], None)
                self.pending_values = ("t3", list(last_group[1]))
            if self.pending_values and self.pending_values[0] == "t3":
                vals = self.pending_values[1]
                self.pending_values = None
                self._t3_emit(code, vals)
            else:
                self._start_stream("t3", code, printed_label)
            return True
        if table == "t2":
            m = self.P["t2.row"].match(text)
            if m and m.score >= LOOSE_MIN and m.entry.kind == "row":
                self.seen("t2", "row", m.entry.code or "", text)
                self.rep.tables_found.add("t2")
                self._start_stream("t2", m.entry.code)
                return True
            return False
        if table == "t4":
            m = self.P["t4.col"].match(text)
            if m and m.score >= 0.8:
                self.header_table = "t4" if self.header_table is None else self.header_table
                self.t4_headers_seen = True
                return True
            return False
        return False

    def _continue_label(self, text: str) -> bool:
        """The rest of a t3 label broken over lines or pages (「（四）无」+「法提供」; a row's label
        whose tail went to the next page): joined to the label it ends, when the two together read
        as that label better than its head alone — never a row of its own."""
        for i in range(len(self.rep.labels) - 1, max(len(self.rep.labels) - 4, -1), -1):
            lab = self.rep.labels[i]
            if lab.table != "t3" or lab.kind not in ("row", "group"):
                continue
            joined = lab.text + printed(text)
            before = self.P["t3.row"].match(lab.text)
            after = self.P["t3.row"].match(joined)
            if before and after and after.entry.code == lab.code and after.score > before.score:
                self.rep.labels[i] = SeenLabel(lab.table, lab.kind, lab.code, joined)
                pending = getattr(self, "pending_label", None)
                if self.stream is None and pending and pending[0] == "t3" and pending[1] == lab.code:
                    # one cell a line: the row's figures follow the label's second line
                    self.pending_label = None
                    self._start_stream("t3", lab.code, joined)
                return True
        return False

    # ------------------------------------------------------------------ end
    def finish(self) -> AnnualReport:
        self.flush_stream()
        rep = self.rep
        self._close_header("t3")
        self._close_header("t4")
        other = self.group_rows.get("other")
        for group, (label, _values) in self.group_rows.items():
            if group == "other" and not any(k[0] == "t3" and k[1].startswith("other.") for k in self.located):
                continue
            self.mark(f"subtotal:t3:{label}")
        if other is not None and not any(k[0] == "t3" and k[1].startswith("other.") for k in self.located):
            label, values = other
            self.mark(f"outdated:{label}")
            self.mark("layout2019:t3:other")
            vals = list(values)
            cols = self._t3_cols()
            while len(vals) > len(cols) and vals and (vals[0] is None or not vals[0].strip()):
                vals.pop(0)
            for col, v in zip(cols, vals, strict=False):
                if col is not None:
                    rep.raw[("t3", "other", col)] = printed(v or "")
            rep.tables_found.add("t3")
        if getattr(self, "t4_headers_seen", False):
            # 表四's headers are there but no figure could be placed (blank cells lost in a copy):
            # the table is found and its cells unread, not a missing table
            rep.tables_found.add("t4")
        rep.parts = {n: "\n".join(p) for n, p in self.paras.items()}
        self._identity()
        return rep

    def _title(self) -> str:
        """The report's title: a short line naming the year and the report, with the org on the
        line above where the title is broken in two; else the page title of a saved web page."""
        lines = ["".join(x.split()) for x in self.preamble if x.strip()][:12]
        for i in range(len(lines) - 1):  # 「洪泽区人民政府 年…报告」 over 「2023」: a browser's PDF set the year apart
            m = re.match(r"^(\D+?)(年(?:度)?政府信息公开\D*)$", lines[i])
            if m and re.fullmatch(r"(19|20)\d{2}", lines[i + 1]):
                lines[i : i + 2] = [m.group(1) + lines[i + 1] + m.group(2), ""]
        lines = [x for x in lines if x]
        loose = ""
        for i in range(len(lines) - 1):  # 「…2023年政府信息公开工作」 / 「年度报告」: one title on two lines
            first, joined = lines[i], lines[i] + lines[i + 1]
            if _TITLE_YEAR.match(lines[i + 1]) or "：" in first or ":" in first:
                continue  # the next line is a title of its own; a line of page furniture is not a head
            if "报告" not in first and joined.endswith("报告") and len(joined) <= 80 and not _PARA_END.search(first):
                m = _TITLE_YEAR.match(joined)
                if m and m.group(1):
                    return joined
        for i, flat in enumerate(lines):
            if "报告" not in flat or len(flat) > 80 or _PARA_END.search(flat):
                continue
            m = _TITLE_YEAR.match(flat)
            if m and m.group(1):
                return flat
            if m and i > 0 and len(lines[i - 1]) <= 30 and not _PARA_END.search(lines[i - 1]):
                return lines[i - 1] + flat
            if m:
                return flat
            loose = loose or (flat if "年度报告" in flat else "")
        for piece in re.split(r"[_|｜]|\s[-–—]\s", self.html_title):
            if "报告" in piece and _TITLE_YEAR.match(piece):
                return piece
        return loose

    def _identity(self) -> None:
        """Title, org, year, statistics period and publication date from the front matter."""
        rep = self.rep
        rep.title = self._title()
        m = _TITLE_YEAR.match(rep.title)
        if m:
            rep.org = m.group(1).strip("　 :：,，")
            rep.year = int(m.group(2))
        text = "".join(self.preamble) + "\n" + "\n".join("\n".join(p) for p in self.paras.values())
        pm = _PERIOD.search(text) or _BARE_PERIOD.search("".join(self.preamble))
        title_flat = "".join(rep.title.split())
        rep.opening = "\n".join(x for x in self.preamble if x.strip() and "".join(x.split()) not in title_flat)
        if pm:
            rep.period = (pm.group(1).strip(), pm.group(2).strip())
            if not rep.year:
                rep.year = int(re.match(r"\d{4}", pm.group(1)).group(0))  # type: ignore[union-attr]
        if not rep.org:
            self.mark("missing:org")
        if not rep.year:
            self.mark("missing:year")
        for ln in reversed(self.last_lines):  # the date under the signature, near the end
            pub = _PUBLISHED.match("".join(ln.split()))
            if pub:
                y, mo, d = (int(x) for x in pub.groups())
                if 1 <= mo <= 12 and 1 <= d <= 31:
                    rep.published = f"{y:04d}-{mo:02d}-{d:02d}"
                break


def interpret(rows: list[Row], source: str = "", html_title: str = "") -> AnnualReport:
    """The report a document's rows describe (see the module docstring for what is recorded)."""
    it = Interpreter(source)
    it.html_title = simplified(plain_chars(html_title))
    for row in rows:
        # traditional characters (規章, 主動公開) read as simplified before any label is matched
        row.cells = [c if c is None else simplified(plain_chars(c)) for c in row.cells]
        it.feed(row)
    return it.finish()
