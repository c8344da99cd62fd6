"""The year in pictures (issue 14): SVG, terminal bars and the docx PNG, checked against the numbers
of `disc stats --by month` on the committed sample ledger."""

from __future__ import annotations

import json
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.items import Vocab
from disclosure_cli.report import chart
from tests.asserts import refused
from tests.conftest import SAMPLE_DB, tool

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def month_rows(run) -> list[dict]:
    r = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--by", "month", "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.fixture
def channels() -> list[tuple[str, str]]:
    with Ledger.open(SAMPLE_DB) as led:
        return Vocab.load(led.conn).channels


def cells(rows: list[dict]) -> dict[tuple[str, str], int]:
    return {(r["row"], r["column"]): r["value"] for r in rows}


# --------------------------------------------------------------------------- SVG


def test_svg_bars_match_stats_by_month(month_rows, channels):
    svg = chart.month_svg(month_rows, channels)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == SVG + "svg"
    want = cells(month_rows)
    bars = [e for e in root.iter(SVG + "rect") if e.get("class") == "bar"]
    assert len(bars) == 12 * len(channels)
    got = {(b.get("data-month"), b.get("data-channel")): int(b.get("data-value")) for b in bars}
    assert got == {k: v for k, v in want.items() if "total" not in k}
    assert sum(got.values()) == want[("total", "total")] == 485
    assert root.get("data-total") == "485"
    # geometry: every segment's height is its value on one scale, and segments stack without gaps
    biggest = max(bars, key=lambda b: int(b.get("data-value")))
    k = float(biggest.get("height")) / int(biggest.get("data-value"))
    for b in bars:
        assert abs(float(b.get("height")) - int(b.get("data-value")) * k) < 0.25
    for month in {m for m, _ in got}:
        stack = sorted((b for b in bars if b.get("data-month") == month), key=lambda b: -float(b.get("y")))
        for lower, upper in zip(stack, stack[1:], strict=False):
            assert abs(float(upper.get("y")) + float(upper.get("height")) - float(lower.get("y"))) < 0.15
    totals = {t.get("data-month"): int(t.text) for t in root.iter(SVG + "text") if t.get("class") == "month-total"}
    assert totals == {m: want[(m, "total")] for m, c in want if c == "total" and m != "total"}
    assert totals["2023-01"] == 40


def test_svg_needs_no_script_or_network(month_rows, channels):
    svg = chart.month_svg(month_rows, channels)
    assert "<script" not in svg and "href" not in svg
    assert svg.count("http://") == 1  # the xmlns only
    assert "政府网站 3" in svg and "微信公众号 416" in svg and "公示栏 66" in svg
    assert "2023年各月主动公开信息条数" in svg
    fig = chart.month_figure_html(month_rows, channels)
    assert fig.startswith('<figure class="chart">') and "全年合计 485 条" in fig


def test_svg_of_an_empty_year():
    rows = [{"row": f"2024-{m:02d}", "column": "wechat", "value": 0} for m in range(1, 13)]
    svg = chart.month_svg(rows, [("wechat", "微信公众号")])
    ET.fromstring(svg)
    assert "本年没有主动公开信息记录" in svg


# --------------------------------------------------------------------------- terminal


def test_stats_chart_in_the_terminal(run, month_rows, channels):
    r = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--by", "month", "--chart")
    assert r.exit_code == 0, r.output
    assert r.stdout == chart.month_bars(month_rows, channels)
    lines = r.stdout.splitlines()
    assert lines[0] == "2023年各月主动公开信息条数（合计 485 条）"
    assert lines[1] == "█ 政府网站  ▓ 微信公众号  ▒ 公示栏"
    assert len(lines) == 14
    for line in lines:
        assert chart.display_width(line) <= 80
    want = cells(month_rows)
    top = max(want[(f"2023-{m:02d}", "total")] for m in range(1, 13))
    for m, line in zip(range(1, 13), lines[2:], strict=True):
        month = f"2023-{m:02d}"
        assert line.startswith(chart.pad(f"{m}月", 4) + " ")
        assert line.endswith(str(want[(month, "total")]))
        assert chart.display_width(line) == 80
        bar = "".join(ch for ch in line if ch in chart.GLYPHS)
        assert abs(len(bar) - want[(month, "total")] * 72 / top) <= 0.5  # 80 − label 4 − value 2 − 2 spaces
        assert bar.count("▓") > bar.count("▒")  # 微信 carries the load every month
        assert ("█" in bar) == (want[(month, "portal")] > 0)  # the portal's one item is never invisible


def test_stats_chart_wants_by_month(run):
    r = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--chart")
    refused(r, "--chart 需要与 --by month 同用")
    r = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--by", "month", "--chart", "--format", "csv")
    refused(r, "--chart 输出的是图形，不能与 --format csv 同用")


def test_stats_chart_to_a_file(run, tmp_path, month_rows, channels):
    out = tmp_path / "月度.txt"
    r = run("--db", SAMPLE_DB, "stats", "--year", "2023", "--by", "month", "--chart", "-o", out)
    assert r.exit_code == 0
    assert out.read_text(encoding="utf-8") == chart.month_bars(month_rows, channels)


def test_rich_bars_have_the_same_layout(month_rows, channels):
    text = chart.month_bars_rich(month_rows, channels, width=80)
    assert text.plain == chart.month_bars(month_rows, channels)
    assert {s.style for s in text.spans} >= set(chart.PALETTE[:3])


def test_bars_per_unit_fit_80_columns_with_cjk_labels():
    labels = ["惠农区南街街道", "北街街道", "一个名字非常非常长的单位名称用来测试截断", "Unit"]
    out = chart.bars(labels, [485, 120, 3, 0], unit="条")
    lines = out.splitlines()
    assert len(lines) == 4
    assert all(chart.display_width(line) <= 80 for line in lines)
    assert lines[0].endswith("485条") and chart.display_width(lines[0]) == 80
    assert lines[2].startswith("一个名字非常非常长的单…")  # cut to 24 columns
    assert lines[3].count("█") == 0 and lines[3].endswith("0条")
    assert lines[2].count("█") == 1  # small but not invisible
    n0, n1 = lines[0].count("█"), lines[1].count("█")
    assert abs(n1 - n0 * 120 / 485) <= 1
    assert chart.bars([], []) == ""
    with pytest.raises(ValueError):
        chart.bars(["a"], [])


def test_display_width():
    assert chart.display_width("政府网站") == 8
    assert chart.display_width("2023-01") == 7
    assert chart.display_width("（一）") == 6
    assert chart.pad("微信公众号", 6) == "微信… "  # … is one column
    assert chart.nice_ceiling(42) == (50, 10)
    assert chart.nice_ceiling(485) == (500, 100)
    assert chart.nice_ceiling(7) == (8, 2)
    assert chart.nice_ceiling(0) == (1, 1)


# --------------------------------------------------------------------------- PNG and docx


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Our own PNGs: 8-bit RGB, filter 0 on every row."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    w = h = 0
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n : pos + 12 + n])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert (depth, ctype) == (8, 2)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = 1 + 3 * w
    rows = [raw[i * stride : (i + 1) * stride] for i in range(h)]
    assert all(r[0] == 0 for r in rows)
    return w, h, [r[1:] for r in rows]


def test_png_bars_match_stats_by_month(month_rows, channels):
    png = chart.month_png(month_rows, channels, width=1500, height=700)
    assert png == chart.month_png(month_rows, channels, width=1500, height=700)  # deterministic
    w, h, rows = decode_png(png)
    assert (w, h) == (1500, 700)
    want = cells(month_rows)
    colours = [bytes.fromhex(c[1:]) for c in chart.PALETTE[: len(channels)]]
    # down the middle of each month's bar: pixels of each channel's colour, proportional to its count
    s = 3
    left, right, top, bottom = 14 * s * 2, 6 * s, 14 * s, 14 * s
    slot = (w - left - right) / 12
    plot_h = h - top - bottom
    top_value, _ = chart.nice_ceiling(max(want[(f"2023-{m:02d}", "total")] for m in range(1, 13)))
    for m in range(12):
        x = round(left + slot * m + slot / 2)
        column = [row[3 * x : 3 * x + 3] for row in rows]
        for (code, _), colour in zip(channels, colours, strict=True):
            v = want[(f"2023-{m + 1:02d}", code)]
            assert abs(column.count(colour) - v * plot_h / top_value) <= 2, (m, code)


def test_docx_chart_opens_and_renders(tmp_path, month_rows, channels):
    import docx

    d = docx.Document()
    chart.add_month_chart(d, month_rows, channels)
    path = tmp_path / "图.docx"
    d.save(str(path))
    back = docx.Document(str(path))
    assert len(back.inline_shapes) == 1
    shape = back.inline_shapes[0]
    assert abs(shape.width.cm - 15.0) < 0.01
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    part = back.part.related_parts[blip.embed]
    assert part.content_type == "image/png" and part.blob == chart.month_png(month_rows, channels)
    descr = shape._inline.docPr.get("descr")
    assert descr.startswith("2023年各月主动公开信息条数（按渠道）：1月 40 条；2月 36 条")
    text = "\n".join(p.text for p in back.paragraphs)
    assert "■ 政府网站 3 条" in text and "■ 微信公众号 416 条" in text and "■ 公示栏 66 条" in text
    assert "全年合计 485 条" in text

    soffice = tool("soffice", "libreoffice")  # else the docx is checked, not its rendering
    tool("pdftotext")
    r = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=240,
    )
    pdf = tmp_path / "图.pdf"
    assert pdf.exists(), r.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    assert "微信公众号 416 条" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    assert len(images.strip().splitlines()) == 3  # header, rule, the one picture
    assert Path(pdf).stat().st_size > 10_000
