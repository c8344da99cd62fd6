"""The year in pictures: published items by month and channel, drawn by disc itself.

Three drawings of the same long rows that `disc stats --by month` prints (build.items_by_month:
{row: YYYY-MM | total, column: channel code | total, value}):

- month_svg: an SVG for the html report and the web page. No script, no network, no font file:
  each bar carries data-month, data-channel and data-value, so a test can check it against the
  numbers (and a reader's screen reader gets a <title> per bar).
- month_bars / bars: terminal bars that fit 80 columns, counting CJK characters as two columns
  (`disc stats --by month --chart`, and a bar per unit for `disc units`).
- month_png / add_month_chart: a PNG for the docx report, written by our own few lines of zlib
  (no imaging library). It holds no letters, only bars and digits drawn from a built-in 5×7
  bitmap, because the machine that writes the report may have no Chinese font at all; the Chinese
  labels (title, legend, axis) go into the document text beside the picture, where Word and
  LibreOffice pick the reader's own fonts.

Nothing here runs SQL: callers pass the rows (report/ builds, ledger/ queries).
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

# Okabe–Ito: told apart by readers with the common colour-vision deficiencies, and in greyscale print
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GLYPHS = ["█", "▓", "▒", "░", "#", "=", "+", "*"]  # terminal: one fill per channel, told apart without colour
FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','SimHei',sans-serif"

Rows = Iterable[dict[str, Any]]
Channels = Sequence[tuple[str, str]]


# --------------------------------------------------------------------------- the numbers


class MonthGrid:
    """The long rows as months × channels (totals left out: they are recomputed and checked)."""

    def __init__(self, rows: Rows, channels: Channels | None = None):
        self.values: dict[tuple[str, str], int] = {}
        months: list[str] = []
        codes: list[str] = []
        for r in rows:
            month, code = str(r["row"]), str(r["column"])
            if month == "total" or code == "total":
                continue
            if month not in months:
                months.append(month)
            if code not in codes:
                codes.append(code)
            self.values[(month, code)] = int(r["value"] or 0)
        self.months = sorted(months)
        labels = dict(channels or [])
        ordered = [c for c, _ in channels or []]
        ordered += [c for c in codes if c not in ordered]
        self.channels: list[tuple[str, str]] = [(c, labels.get(c, c)) for c in ordered]

    def value(self, month: str, code: str) -> int:
        return self.values.get((month, code), 0)

    def month_total(self, month: str) -> int:
        return sum(self.value(month, c) for c, _ in self.channels)

    def channel_total(self, code: str) -> int:
        return sum(self.value(m, code) for m in self.months)

    @property
    def total(self) -> int:
        return sum(self.values.values())

    @property
    def year(self) -> str:
        return self.months[0][:4] if self.months else ""


def month_label(month: str) -> str:
    """2023-01 → 1月."""
    try:
        return f"{int(month[5:7])}月"
    except ValueError:
        return month


def nice_ceiling(n: int, ticks: int = 5) -> tuple[int, int]:
    """(top of the axis, step) for a maximum n: steps of 1, 2 or 5 × 10^k, at most ``ticks`` of them."""
    if n <= 0:
        return 1, 1
    step = 1
    while True:
        for m in (1, 2, 5):
            s = step * m
            if s * ticks >= n:
                return -(-n // s) * s, s
        step *= 10


# --------------------------------------------------------------------------- SVG


def month_svg(
    rows: Rows,
    channels: Channels | None = None,
    *,
    title: str | None = None,
    width: int = 720,
    height: int = 360,
) -> str:
    """An inline <svg>: one stacked bar per month, a segment per channel, legend and axis in Chinese."""
    g = MonthGrid(rows, channels)
    title = title or (f"{g.year}年各月主动公开信息条数" if g.year else "各月主动公开信息条数")
    left, right, top, bottom = 52, 16, 68, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = nice_ceiling(max((g.month_total(m) for m in g.months), default=0))
    n = max(len(g.months), 1)
    slot = plot_w / n
    bar_w = slot * 0.62

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="disc-chart month-chart" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img" aria-labelledby="month-chart-title"'
        f' font-family="{FONT_STACK}" font-size="12" data-total="{g.total}">',
        f'<title id="month-chart-title">{escape(title)}（合计 {g.total} 条）</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="20" font-size="15" font-weight="bold" fill="#222">{escape(title)}</text>',
    ]
    # legend
    lx = left
    for i, (code, label) in enumerate(g.channels):
        colour = PALETTE[i % len(PALETTE)]
        text = f"{label} {g.channel_total(code)}"
        out.append(f'<rect class="legend" data-channel="{escape(code)}" x="{lx}" y="31" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{lx + 16}" y="41.5" fill="#333">{escape(text)}</text>')
        lx += 16 + 12 * display_width(text) * 0.55 + 18
    # axis and grid
    out.append('<g class="axis" fill="#555" font-size="11">')
    for v in range(0, top_value + 1, step):
        yy = y(v)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e2e2e2"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{v}</text>')
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#888"/>'
        f'<text x="{left - 6}" y="{top - 8}" text-anchor="end">条</text>'
    )
    out.append("</g>")
    # bars
    out.append('<g class="bars">')
    for i, month in enumerate(g.months):
        x = left + slot * i + (slot - bar_w) / 2
        base = 0
        for j, (code, label) in enumerate(g.channels):
            v = g.value(month, code)
            y0, y1 = y(base + v), y(base)
            out.append(
                f'<rect class="bar" data-month="{escape(month)}" data-channel="{escape(code)}" data-value="{v}"'
                f' x="{x:.1f}" y="{y0:.1f}" width="{bar_w:.1f}" height="{y1 - y0:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(month_label(month))} {escape(label)} {v} 条</title></rect>"
            )
            base += v
        cx = x + bar_w / 2
        out.append(
            f'<text class="month-total" data-month="{escape(month)}" data-value="{base}" x="{cx:.1f}" y="{y(base) - 4:.1f}"'
            f' text-anchor="middle" font-size="11" fill="#333">{base}</text>'
        )
        out.append(
            f'<text x="{cx:.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="#333">{escape(month_label(month))}</text>'
        )
    out.append("</g>")
    if not g.total:
        out.append(
            f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle" fill="#888">本年没有主动公开信息记录</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def month_figure_html(rows: Rows, channels: Channels | None = None, *, title: str | None = None) -> str:
    """The SVG (its own title inside) in a <figure> with a caption, ready to drop into the html report."""
    rows = list(rows)
    g = MonthGrid(rows, channels)
    caption = f"横轴为月份，纵轴为信息条数，柱上数字为当月合计；全年合计 {g.total} 条。"
    return (
        '<figure class="chart">\n'
        + month_svg(rows, channels, title=title)
        + f"\n<figcaption>{escape(caption)}</figcaption>\n</figure>"
    )


# --------------------------------------------------------------------------- terminal


def display_width(text: str) -> int:
    """Columns a terminal gives the text: CJK (wide, fullwidth) two, combining marks none."""
    w = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad (or cut, with …) to exactly ``width`` columns."""
    if display_width(text) > width:
        out = ""
        for ch in text:
            if display_width(out + ch) > width - 1:
                break
            out += ch
        text = out + "…"
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def _segments(values: Sequence[int], scale_to: int, top: int) -> list[int]:
    """Cells per segment of one stacked bar: the bar's length is round(total/top × scale_to), split
    over the segments by largest remainder; any non-zero segment gets at least one cell when it can."""
    total = sum(values)
    if top <= 0 or total <= 0:
        return [0] * len(values)
    length = max(1, round(total * scale_to / top))
    exact = [v * length / total for v in values]
    cells = [int(e) for e in exact]
    for i in sorted(range(len(values)), key=lambda i: exact[i] - cells[i], reverse=True)[: length - sum(cells)]:
        cells[i] += 1
    for i, v in enumerate(values):  # a channel that published something is never invisible
        if v and not cells[i]:
            donor = max(range(len(cells)), key=lambda k: cells[k])
            if cells[donor] > 1:
                cells[donor] -= 1
                cells[i] = 1
    return cells


def bars(
    labels: Sequence[str],
    values: Sequence[int | float],
    *,
    width: int = 80,
    glyph: str = "█",
    unit: str = "",
    label_width: int = 24,
) -> str:
    """One horizontal bar per label (a bar per unit for `disc units`), the whole within ``width`` columns."""
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    if not labels:
        return ""
    lw = min(max(display_width(s) for s in labels), label_width)
    texts = [f"{_num(v)}{unit}" for v in values]
    vw = max(display_width(t) for t in texts)
    room = max(width - lw - vw - 2, 1)
    top = max((float(v) for v in values), default=0.0)
    lines = []
    for label, v, t in zip(labels, values, texts, strict=True):
        n = 0 if top <= 0 or v <= 0 else max(1, round(float(v) * room / top))
        lines.append(f"{pad(label, lw)} {glyph * n}{' ' * (room - n)} {pad(t, vw, right=True)}".rstrip())
    return "\n".join(lines) + "\n"


def _num(v: int | float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _month_layout(rows: Rows, channels: Channels | None, width: int) -> tuple[MonthGrid, str, list[tuple[str, list[int], str]]]:
    g = MonthGrid(rows, channels)
    legend = "  ".join(f"{GLYPHS[i % len(GLYPHS)]} {label}" for i, (_, label) in enumerate(g.channels))
    labels = [month_label(m) for m in g.months]
    lw = max((display_width(s) for s in labels), default=4)
    totals = [g.month_total(m) for m in g.months]
    vw = max((len(str(t)) for t in totals), default=1)
    room = max(width - lw - vw - 2, 1)
    top = max(totals, default=0)
    lines = []
    for m, label, total in zip(g.months, labels, totals, strict=True):
        cells = _segments([g.value(m, c) for c, _ in g.channels], room, top)
        lines.append((pad(label, lw), cells, str(total).rjust(vw)))
    return g, legend, lines


def month_bars(rows: Rows, channels: Channels | None = None, *, width: int = 80, title: str | None = None) -> str:
    """`disc stats --by month --chart`: a stacked bar per month, one fill per channel, legend first."""
    g, legend, lines = _month_layout(rows, channels, width)
    head = title or (f"{g.year}年各月主动公开信息条数（合计 {g.total} 条）" if g.year else "各月主动公开信息条数")
    out = [head, legend]
    for label, cells, total in lines:
        bar = "".join(GLYPHS[i % len(GLYPHS)] * n for i, n in enumerate(cells))
        room = width - display_width(label) - len(total) - 2
        out.append(f"{label} {bar}{' ' * (room - len(bar))} {total}")
    return "\n".join(out) + "\n"


def month_bars_rich(rows: Rows, channels: Channels | None = None, *, width: int = 80, title: str | None = None) -> Any:
    """The same bars as rich Text, each channel in its colour as well as its fill (for a terminal)."""
    from rich.text import Text

    g, legend, lines = _month_layout(rows, channels, width)
    text = Text()
    text.append((title or (f"{g.year}年各月主动公开信息条数（合计 {g.total} 条）" if g.year else "各月主动公开信息条数")) + "\n", style="bold")
    for i, (_, label) in enumerate(g.channels):
        text.append(GLYPHS[i % len(GLYPHS)], style=PALETTE[i % len(PALETTE)])
        text.append(f" {label}" + ("  " if i < len(g.channels) - 1 else "\n"))
    for label, cells, total in lines:
        text.append(label + " ")
        used = 0
        for i, n in enumerate(cells):
            text.append(GLYPHS[i % len(GLYPHS)] * n, style=PALETTE[i % len(PALETTE)])
            used += n
        room = width - display_width(label) - len(total) - 2
        text.append(" " * (room - used) + " " + total + "\n")
    return text


# --------------------------------------------------------------------------- PNG (docx)

_DIGITS = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11111", "00010", "00100", "00010", "00001", "10001", "01110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
}


def _rgb(colour: str) -> bytes:
    return bytes.fromhex(colour.lstrip("#"))


class _Canvas:
    """An RGB raster with rectangles and digits, saved as PNG by zlib alone."""

    def __init__(self, width: int, height: int, background: str = "#ffffff"):
        self.width, self.height = width, height
        self.rows = [bytearray(_rgb(background) * width) for _ in range(height)]

    def rect(self, x0: float, y0: float, x1: float, y1: float, colour: str) -> None:
        a, b = max(0, round(x0)), min(self.width, round(x1))
        c, d = max(0, round(y0)), min(self.height, round(y1))
        if a >= b or c >= d:
            return
        fill = _rgb(colour) * (b - a)
        for y in range(c, d):
            self.rows[y][a * 3 : b * 3] = fill

    def text(self, x: float, y: float, digits: str, colour: str, scale: int, anchor: str = "start") -> None:
        """Digits only (the built-in font); x is the start, middle or end per anchor, y the top."""
        adv = 6 * scale
        w = len(digits) * adv - scale
        x = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
        for k, ch in enumerate(digits):
            for r, line in enumerate(_DIGITS.get(ch, ())):
                for col, bit in enumerate(line):
                    if bit == "1":
                        px, py = x + k * adv + col * scale, y + r * scale
                        self.rect(px, py, px + scale, py + scale, colour)

    def png(self, dpi: int = 200) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)
        ppm = round(dpi / 0.0254)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def month_png(rows: Rows, channels: Channels | None = None, *, width: int = 1500, height: int = 700) -> bytes:
    """The month chart as PNG bytes: stacked bars, grid, and digits only (month numbers, counts).

    Deterministic: the same rows give the same bytes on every machine (no font is consulted).
    """
    g = MonthGrid(rows, channels)
    s = max(2, width // 400)  # digit scale: about 7·s pixels high
    left, right, top, bottom = 14 * s * 2, 6 * s, 14 * s, 14 * s
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = nice_ceiling(max((g.month_total(m) for m in g.months), default=0))
    n = max(len(g.months), 1)
    slot = plot_w / n
    bar_w = slot * 0.62
    c = _Canvas(width, height)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    for v in range(0, top_value + 1, step):
        c.rect(left, y(v), width - right, y(v) + max(1, s // 2), "#e2e2e2")
        c.text(left - 2 * s, y(v) - 3.5 * s, str(v), "#555555", s, "end")
    for i, month in enumerate(g.months):
        x = left + slot * i + (slot - bar_w) / 2
        base = 0
        for j, (code, _) in enumerate(g.channels):
            v = g.value(month, code)
            if v:
                c.rect(x, y(base + v), x + bar_w, y(base), PALETTE[j % len(PALETTE)])
            base += v
        c.text(x + bar_w / 2, y(base) - 9 * s, str(base), "#333333", s, "middle")
        c.text(x + bar_w / 2, height - bottom + 3 * s, month[5:7].lstrip("0") or month, "#333333", s, "middle")
    c.rect(left, y(0), width - right, y(0) + s // 2 + 1, "#888888")
    return c.png()


def add_month_chart(
    doc: Any,
    rows: Rows,
    channels: Channels | None = None,
    *,
    title: str | None = None,
    width_cm: float = 15.0,
) -> Any:
    """Append the month chart to a python-docx Document: a title line, the picture (with alt text),
    and the legend in Chinese as document text (coloured ■ per channel, with its total).

    Returns the picture's paragraph. The text runs use the document's own styles; the caller may
    restyle them (office.py sets East Asian fonts on every run it writes).
    """
    import io

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, RGBColor

    rows = list(rows)
    g = MonthGrid(rows, channels)
    head = title or (f"{g.year}年各月主动公开信息条数（按渠道）" if g.year else "各月主动公开信息条数（按渠道）")
    cap = doc.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.add_run(head).bold = True
    pic = doc.add_paragraph()
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = pic.add_run().add_picture(io.BytesIO(month_png(rows, channels)), width=Cm(width_cm))
    alt = head + "：" + "；".join(f"{month_label(m)} {g.month_total(m)} 条" for m in g.months)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", head)
    legend = doc.add_paragraph()
    legend.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, (code, label) in enumerate(g.channels):
        mark = legend.add_run("■ ")
        mark.font.color.rgb = RGBColor.from_string(PALETTE[i % len(PALETTE)].lstrip("#"))
        legend.add_run(f"{label} {g.channel_total(code)} 条" + ("　　" if i < len(g.channels) - 1 else ""))
    note = doc.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note.add_run(f"横轴为月份（1—12月），纵轴为信息条数，柱上数字为当月合计；全年合计 {g.total} 条。")
    return pic
