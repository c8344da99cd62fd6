"""表三 (收到和处理政府信息公开申请情况): 25 rows under a two-level header of seven columns. Its labels
are long and nested (a vertical 「三、本年度办理结果」, group labels （三）…（六） beside their
sub-rows), so in copied and crawled text a row's label and figures arrive in pieces: a numbering on
a line of its own, a label broken over lines or pages, figures one a line, a group label printed
between a sub-row's label and its figures. Each of these is joined back only where the result reads
as one official row; otherwise the cells stay unread."""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_cli import vocab
from disclosure_cli.report.readers.evidence import (
    OutdatedLabel,
    OutdatedLayout,
    PrintedLabel,
    RawCell,
    Subtotal,
)
from disclosure_cli.report.readers.labels import (
    COL_MIN,
    LOOSE_MIN,
    ROW_MIN,
    Match,
    Pool,
    key,
    printed,
    t3_group_of,
)
from disclosure_cli.report.readers.passes import (
    drop_leading_blank_cells,
    fill_blank_positions,
    join_numbering,
    rejoin_broken_figures,
    split_two_labels,
    strip_vertical_label_chars,
)
from disclosure_cli.report.readers.sheet import Sheet, Stream
from disclosure_cli.report.readers.values import is_number, t3_adds_up

WIDTH = len(vocab.T3_COLUMNS)
NUMBERING_ONLY = re.compile(r"^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[.、．])$")
SUBTOTAL = "subtotal"  # what resolve() gives as the label of a subtotal row


@dataclass
class PendingLabel:
    """A row's label read, its figures not yet (they come on the next line or lines)."""

    code: str
    text: str


def _joined(label_cells: list[tuple[int, str]], sep: str = " ") -> str:
    return printed(sep.join(c for _, c in label_cells))


class Table3:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        # kept from part to part: a group's own figures (subtotal or the 2019 single row), a row held
        # for the tail of its label, what did not read as a label (perhaps a label's head)
        self.group_rows: dict[str, tuple[str, list[str | None]]] = {}
        self.held: tuple[str, list[str | None]] | None = None
        self.rest: list[str] = []
        self.reset()

    def reset(self) -> None:
        self.leaves: list[str | None] | None = None  # column codes under the header
        self.group: str | None = None  # the group whose sub-rows are being read
        self.pending_label: PendingLabel | None = None
        self.pending_values: list[str | None] | None = None  # figures read before their label
        self.label_prefix = ""  # 「(三)」 on a line of its own, for the label on the next line
        self.last: tuple[str, list[str | None]] | None = None  # the last row read from one line

    @property
    def pool(self) -> Pool:
        return self.sheet.P["t3.row"]

    # ------------------------------------------------------------------ header
    def close_header(self) -> None:
        rows = self.sheet.header.take("t3")
        if rows is not None:
            self.leaves = self._leaves(rows)

    def _leaves(self, rows: list[list[tuple[int, str]]]) -> list[str | None] | None:
        pool = self.sheet.P["t3.col"]
        by_pos: dict[int, str | None] = {}
        for cells in rows:
            for pos, c in cells:
                m = pool.match(c)
                if m is None or m.score < COL_MIN:
                    continue
                e = m.entry
                if e.kind == "column":
                    self.sheet.seen("t3", "column", e.code or "", c)
                    by_pos[pos] = e.code
                elif e.kind == "group":
                    self.sheet.seen("t3", "group", e.code or "", c)
                elif e.kind == "subtotal":
                    self.sheet.note(Subtotal("t3", printed(c), **self.sheet.at()))
                    by_pos[pos] = None
        leaves = [by_pos[p] for p in sorted(by_pos)]
        codes = [c for c in leaves if c]
        if sorted(codes) != sorted(vocab.T3_COLUMNS.codes):
            return None
        return leaves

    def cols(self) -> list[str | None]:
        self.close_header()
        return list(self.leaves) if self.leaves else list(vocab.T3_COLUMNS.codes)

    def emit(self, code: str, values: list[str | None]) -> None:
        self.sheet.assign("t3", code, self.cols(), values)
        self.last = (code, list(values)) if len(values) == WIDTH else None

    # ------------------------------------------------------------------ labels
    def resolve(self, label_cells: list[tuple[int, str]], loose: bool) -> tuple[str | None, str | None, str]:
        """(row code, group code, label as printed) for the label cells of one row."""
        need = LOOSE_MIN if loose else ROW_MIN
        pieces = self._pieces(label_cells, loose, need)
        group, rows, subtotal = self._match_pieces(pieces, need)
        if loose and not rows and len(self.rest) > 1:  # a label broken by a space: try it whole
            joined = "".join(self.rest)
            m = self.pool.match(joined)
            if m and m.score >= need and m.entry.kind == "row":
                rows.append((m, joined))
        if subtotal:
            return None, group or self.group, SUBTOTAL
        if not rows:
            return None, group, ""
        m, text = max(rows, key=lambda x: x[0].score)
        ctx = group or self.group
        if m.entry.group is not None and ctx is not None and m.entry.group != ctx:
            alt = self.pool.match(text, where=(ctx,))
            if alt and alt.score >= need and alt.score >= m.score - 0.1:
                m = alt
        return m.entry.code, group, text

    def _pieces(self, label_cells: list[tuple[int, str]], loose: bool, need: float) -> list[str]:
        pieces: list[str] = []
        for _, c in label_cells:
            c = printed(c)
            if loose:
                c = self._drop_rest_of_cut_label(strip_vertical_label_chars(c))
            split = split_two_labels(c)
            if len(split) > 1:
                pieces += split
                continue
            if loose and len(c.split()) > 1:
                whole = self.pool.match(c)
                if whole is None or whole.score < need:
                    pieces += [t for t in c.split() if len(key(t)) > 1]
                    continue
            pieces.append(c)
        return pieces

    def _match_pieces(self, pieces: list[str], need: float) -> tuple[str | None, list[tuple[Match, str]], bool]:
        group: str | None = None
        rows: list[tuple[Match, str]] = []
        subtotal = False
        rest: list[str] = []
        for p in pieces:
            m = self.pool.match(p)
            if m is None or m.score < need:
                rest.append(p)
                continue
            e = m.entry
            if e.kind == "results":
                self.sheet.seen("t3", "group", "results", p)
            elif e.kind == "group":
                group = e.code
                if m.score == 1.0 or not self._rest_of_label_cut_by_a_page(e.code or "", p):
                    self.sheet.seen("t3", "group", e.code or "", p)
            elif e.kind == "subtotal":
                subtotal = True
            else:
                rows.append((m, p))
        self.rest = rest  # what did not read as a label: perhaps a head whose tail comes next
        return group, rows, subtotal

    def _enter(self, code: str) -> None:
        self.group = t3_group_of(code) if vocab.T3_ROW_BY_CODE[code].level3 else None

    def _drop_rest_of_cut_label(self, text: str) -> str:
        """「法提供 2.没有现成信息需要另行制作 …」 in unruled text: the first words are the rest of the
        group label a page cut (joined to its head), the row's own label follows."""
        tokens = text.split()
        if len(tokens) < 2:
            return text
        m = self.pool.match(tokens[0])
        if m and m.entry.kind == "group" and m.score < 1.0 and self._rest_of_label_cut_by_a_page(m.entry.code or "", tokens[0]):
            return " ".join(tokens[1:])
        head = "".join(self.rest)  # what did not read as a label on the row before: the head, perhaps
        whole = self.pool.match(head + tokens[0]) if head else None
        if whole and whole.score == 1.0 and whole.entry.kind == "group":
            self.rest = []
            self.sheet.seen("t3", "group", whole.entry.code or "", head + tokens[0])
            self.group = whole.entry.code
            return " ".join(tokens[1:])
        return text

    def _rest_of_label_cut_by_a_page(self, code: str, piece: str) -> bool:
        """A merged group cell cut by a page prints the head of its label at the foot of one page
        (「（四）无」) and the rest at the top of the next (「法提供」): the rest joins the head it
        completes — exactly the official label — and is not a label of its own."""
        labels = self.sheet.rep.labels
        for i in range(len(labels) - 1, max(len(labels) - 12, -1), -1):
            lab = labels[i]
            if lab.table != "t3" or lab.code != code or lab.kind != "group":
                continue
            joined = self.pool.match(lab.text + printed(piece))
            if joined is None or joined.score < 1.0 or joined.entry.code != code:
                return False
            labels[i] = PrintedLabel(lab.table, lab.kind, lab.code, lab.text + printed(piece),
                                     page=getattr(lab, "page", None), line=getattr(lab, "line", None))
            return True
        return False

    def continue_label(self, text: str) -> bool:
        """The rest of a label broken over lines or pages (「（四）无」+「法提供」; a row's label whose
        tail went to the next page): joined to the label it ends, when the two together read as that
        label better than its head alone — never a row of its own."""
        labels = self.sheet.rep.labels
        for i in range(len(labels) - 1, max(len(labels) - 4, -1), -1):
            lab = labels[i]
            if lab.table != "t3" or lab.kind not in ("row", "group"):
                continue
            joined = lab.text + printed(text)
            before = self.pool.match(lab.text)
            after = self.pool.match(joined)
            if before and after and after.entry.code == lab.code and after.score > before.score:
                labels[i] = PrintedLabel(lab.table, lab.kind, lab.code, joined, page=getattr(lab, "page", None),
                                         line=getattr(lab, "line", None))
                pending = self.pending_label
                if self.sheet.stream is None and pending is not None and pending.code == lab.code:
                    # one cell a line: the row's figures follow the label's second line
                    self.pending_label = None
                    self.sheet.start_stream("t3", lab.code, joined)
                return True
        return False

    # ------------------------------------------------------------------ a row of cells, or a line with figures
    def row(self, label_cells: list[tuple[int, str]], values: list[str | None], loose: bool, empty_fields: int = 0) -> bool:
        has_numbers = any(is_number(v) for v in values)
        if label_cells and not has_numbers and all(v is None or not str(v).strip() for v in values):
            if self._tail_of_a_row_broken_by_a_page(label_cells):
                return True
        self.held = None
        if not label_cells:
            return self._figures_without_label(values, loose, has_numbers)
        if self.label_prefix:
            label_cells = [(label_cells[0][0], join_numbering(self.label_prefix, label_cells[0][1])), *label_cells[1:]]
            self.label_prefix = ""
        if self.pending_label is not None and self.pending_label.text and self._second_half_of_label(label_cells, values, has_numbers):
            return True
        code, group, text = self.resolve(label_cells, loose)
        if text == SUBTOTAL:
            if group:
                self.group = group
            self.sheet.note(Subtotal("t3", _joined(label_cells), **self.sheet.at()))
            return True
        if code is None:
            return self._group_or_head(label_cells, values, group, loose, has_numbers)
        self.sheet.found("t3")
        self.sheet.seen("t3", "row", code, text)
        self._enter(code)
        if not values or (loose and not has_numbers):
            if loose:
                self._wait_or_take_pending(code, text)
            return True
        self.pending_label = None
        self.pending_values = None
        self.emit(code, fill_blank_positions(values, empty_fields, len(self.cols())))
        return True

    def _tail_of_a_row_broken_by_a_page(self, label_cells: list[tuple[int, str]]) -> bool:
        """The tail of a label (「类内部事务信息」 under 「5.属于三」) in an otherwise empty row on the
        next page is part of the row above, not a blank row."""
        tail = printed("".join(c for _, c in label_cells))
        held, self.held = self.held, None
        if held is not None:  # 「5.属于三」 + its figures did not read as a label; with the tail it does
            code, _group, text = self.resolve([(0, held[0] + tail)], loose=False)
            if code is not None:
                self.sheet.seen("t3", "row", code, text)
                self.sheet.found("t3")
                self.emit(code, held[1])
                return True
        return self.continue_label(tail)

    def _figures_without_label(self, values: list[str | None], loose: bool, has_numbers: bool) -> bool:
        if not (loose and has_numbers):
            return False
        if self.pending_label is not None:
            code = self.pending_label.code
            self.pending_label = None
            self.emit(code, values)
        else:
            self.pending_values = values
        return True

    def _second_half_of_label(self, label_cells: list[tuple[int, str]], values: list[str | None], has_numbers: bool) -> bool:
        """A label whose first half stood on the line before (a cell's line break in copied text)."""
        assert self.pending_label is not None
        pcode, ptext = self.pending_label.code, self.pending_label.text
        alone = self.pool.match(_joined(label_cells))
        joined_text = ptext + _joined(label_cells)
        joined = self.pool.match(joined_text)
        if not (joined and joined.entry.code == pcode and joined.score >= max(alone.score if alone else 0, LOOSE_MIN)):
            return False
        self.pending_label = None
        labels = self.sheet.rep.labels
        for i in range(len(labels) - 1, -1, -1):
            if labels[i].table == "t3" and labels[i].code == pcode:
                lab = labels[i]
                labels[i] = PrintedLabel("t3", "row", pcode, joined_text, page=getattr(lab, "page", None),
                                         line=getattr(lab, "line", None))
                break
        if has_numbers:
            self.emit(pcode, values)
        return True

    def _group_or_head(
        self, label_cells: list[tuple[int, str]], values: list[str | None], group: str | None, loose: bool, has_numbers: bool
    ) -> bool:
        """A row whose label names a group only (its own figures: a subtotal, or the 2019 single
        row), or no row at all (perhaps the head of a label a page break cut off)."""
        if group is None:
            if has_numbers and not loose:
                self.held = (_joined(label_cells), list(values))
            return False
        self.group = group
        if has_numbers:
            self.group_rows.setdefault(group, (_joined(label_cells), values))
        return True

    def _wait_or_take_pending(self, code: str, text: str) -> None:
        if self.pending_values is not None:
            vals = self.pending_values
            self.pending_values = None
            self.emit(code, vals)
        else:
            self.pending_label = PendingLabel(code, text)

    def width_of(self, label: str) -> int | None:
        m = self.pool.match(label)
        if not (m and m.score >= LOOSE_MIN and m.entry.kind == "row"):
            return None
        return len(self.leaves) if self.leaves else WIDTH

    # ------------------------------------------------------------------ a label on a line of its own
    def label_only(self, text: str) -> bool:
        """A label on a line of its own (unruled pdf text, one cell a line): remembered for the
        figures to come."""
        if NUMBERING_ONLY.match(text.strip()):
            self.label_prefix = text.strip()  # (三) / 不予公开 on two lines
            return True
        if self.label_prefix:
            text, self.label_prefix = join_numbering(self.label_prefix, text), ""
        exact = self.pool.match(text)
        inexact = exact is None or exact.score < 1.0
        if inexact and (self._head_left_unread(text) or self.continue_label(text)):
            return True
        code, group, printed_label = self.resolve([(0, text)], loose=True)
        if printed_label == SUBTOTAL:
            return True
        if code is None:
            return self._group_label_alone(text, group)
        self._row_label_alone(code, printed_label)
        return True

    def _head_left_unread(self, text: str) -> bool:
        """「（四）无」 at the foot of a page that did not read, 「法提供」 on the next one."""
        rest = "".join(self.rest)
        if not rest:
            return False
        m = self.pool.match(rest + text)
        if not (m and m.score >= 0.95 and m.entry.kind in ("group", "row")):
            return False
        self.rest = []
        self.sheet.seen("t3", m.entry.kind, m.entry.code or "", rest + text)
        if m.entry.kind == "group":
            self.group = m.entry.code
        return True

    def _group_label_alone(self, text: str, group: str | None) -> bool:
        if group is not None:
            self.group = group
            # its own figures may follow, one a line (the 2019 single row （六）其他处理, a subtotal)
            # — unless a row's label just before still waits for its figures (a vertical group label
            # printed between a sub-row's label and its figures)
            s = self.sheet.stream
            waiting = s is not None and s.table == "t3" and not s.values
            if not waiting:
                self.sheet.start_stream("t3", f"group:{group}", printed(text))
            return True
        m = self.pool.match(text)
        if m and m.entry.kind == "results" and m.score >= LOOSE_MIN:
            return True
        return self.continue_label(text)

    def _row_label_alone(self, code: str, printed_label: str) -> None:
        self.sheet.seen("t3", "row", code, printed_label)
        self.sheet.found("t3")
        self._enter(code)
        last_group, self.sheet.group_values = self.sheet.group_values, None
        if last_group is not None and last_group[0] == self.group and self.pending_values is None:
            # figures between a group's label and its first sub-row's label belong to that sub-row
            # (an unruled PDF prints the vertical group label beside the row, above its label)
            self.group_rows.pop(last_group[0], None)
            self.pending_values = list(last_group[1])
        if self.pending_values is not None:
            vals = self.pending_values
            self.pending_values = None
            self.emit(code, vals)
        else:
            self.sheet.start_stream("t3", code, printed_label)

    # ------------------------------------------------------------------ one cell per line
    def take_stream(self, stream: Stream) -> None:
        code, values = stream.code, stream.figures(WIDTH)
        if code is not None and code.startswith("group:"):  # figures under a group's own label
            vals = rejoin_broken_figures(values, WIDTH, t3_adds_up) if values else None
            group = code[len("group:") :]
            if vals is not None and group not in self.group_rows:
                self.group_rows[group] = (stream.label, vals)
                self.sheet.group_values = (group, vals)
            return
        if code is None:
            return
        if not values:
            self.pending_label = PendingLabel(code, stream.label)
            return
        vals = rejoin_broken_figures(values, WIDTH, t3_adds_up)
        if vals is not None:
            self.emit(code, vals)
        else:
            self.sheet.short("t3", code, values, WIDTH, stream)

    def tail_of_last_figure(self, tokens: list[str]) -> bool:
        """A lone number after a row read from one line may be the tail of its last figure, broken
        by a narrow column (1 / 62): joined when that is what makes the row add up."""
        if self.last is None or len(tokens) != 1 or not is_number(tokens[0]):
            return False
        code, vals = self.last
        self.last = None
        joined = [*vals[:-1], (vals[-1] or "") + tokens[0]]
        if t3_adds_up(vals) or not t3_adds_up(joined):
            return False
        for col, v in zip(self.cols(), joined, strict=False):
            if col is not None:
                self.sheet.unset("t3", code, col)
                self.sheet.set("t3", code, col, v)
        return True

    # ------------------------------------------------------------------ end
    def finish(self) -> None:
        """A group's own figures: a subtotal row (FMT-SUBTOTAL), or, for （六） without its sub-rows,
        the 2019 format's single row （六）其他处理, kept as row `other`."""
        other_located = any(k[0] == "t3" and k[1].startswith("other.") for k in self.sheet.located)
        for group, (label, _values) in self.group_rows.items():
            if group == "other" and not other_located:
                continue
            self.sheet.note(Subtotal("t3", label))
        other = self.group_rows.get("other")
        if other is None or other_located:
            return
        label, values = other
        self.sheet.note(OutdatedLabel("t3", label))
        self.sheet.note(OutdatedLayout("t3"))
        cols = self.cols()
        vals = drop_leading_blank_cells(list(values), len(cols))
        for col, v in zip(cols, vals, strict=False):
            if col is not None:
                self.sheet.rep.raw[("t3", "other", col)] = printed(v or "")
                self.sheet.note(RawCell("t3", "other", col, printed(v or "")))
        self.sheet.found("t3")
