"""The annual report: one model that the ledger and the document readers produce, and that the
renderers, the checks and the roll-up consume. If two places compute a cell, one of them is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from disclosure_cli import vocab

Number = int | Decimal | None  # None: blank or unread (a document); never None from a ledger

TABLE_CELLS: dict[str, list[tuple[str, str]]] = {
    "t2": vocab.T2_CELLS,
    "t3": vocab.t3_cells(),
    "t4": vocab.t4_cells(),
}


def format_number(value: Number) -> str:
    """Plain number text for CSV/JSON: no separators; 万元 with at most 4 places, zeros dropped."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # 四舍五入, as a clerk rounds by hand (Decimal's default would round 0.12345 to 0.1234)
        q = value.quantize(Decimal("0.0001"), rounding="ROUND_HALF_UP") if value.as_tuple().exponent < -4 else value
        text = format(q.normalize(), "f") if q != 0 else "0"
        return text
    return str(value)


def json_number(value: Number) -> int | float | str | None:
    if isinstance(value, Decimal):
        text = format_number(value)
        return int(text) if "." not in text else float(text)
    return value


@dataclass
class Finding:
    """One problem found by a check: what rule, how bad, where, and the numbers on both sides."""

    rule: str
    severity: str  # "E" error, "W" warning
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    where: str = ""  # a cell label, a part, or a quote of the sentence
    expected: Any = None
    actual: Any = None
    source: str = ""  # file or ledger the report came from
    guess: bool = False  # a reading the wording does not settle: shown only with --strict
    scope: str = ""  # options naming the report it is about in a suggested command (--org X --rollup)
    org: str = ""  # the unit it is about, in a check over a district (check --rollup)

    def to_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "source": self.source,
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "where": self.where,
            "expected": json_number(self.expected) if isinstance(self.expected, Decimal) else self.expected,
            "actual": json_number(self.actual) if isinstance(self.actual, Decimal) else self.actual,
            "message": self.message,
            "guess": self.guess,
        }


@dataclass
class ItemsTally:
    """Proactively published items by channel × category (一、总体情况)."""

    channels: list[tuple[str, str]] = field(default_factory=list)  # (code, label) in display order
    categories: list[str] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (channel, category) -> n

    def channel_total(self, channel: str) -> int:
        return sum(n for (ch, _), n in self.counts.items() if ch == channel)

    def category_total(self, category: str) -> int:
        return sum(n for (_, cat), n in self.counts.items() if cat == category)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def long_rows(self) -> list[tuple[str, str, int]]:
        """(row, column, value) with row = channel code or total, column = category or total."""
        out = []
        for ch, _ in self.channels:
            for cat in self.categories:
                out.append((ch, cat, self.counts.get((ch, cat), 0)))
            out.append((ch, "total", self.channel_total(ch)))
        for cat in self.categories:
            out.append(("total", cat, self.category_total(cat)))
        out.append(("total", "total", self.total))
        return out

    def merge(self, other: ItemsTally) -> ItemsTally:
        channels = list(dict.fromkeys([*self.channels, *other.channels]))
        categories = list(dict.fromkeys([*self.categories, *other.categories]))
        counts = dict(self.counts)
        for k, n in other.counts.items():
            counts[k] = counts.get(k, 0) + n
        return ItemsTally(channels, categories, counts)


@dataclass
class FeeSummary:
    """信息处理费 (part 六): applications charged and the amount in 元, as the ledger knows it."""

    charged: int = 0
    amount_yuan: Decimal = Decimal(0)
    notices: int = 0  # fee notices issued


@dataclass
class SeenLabel:
    """A label as a document printed it, for FMT-LABEL: which official label it was read as."""

    table: str  # t2 | t3 | t4 | part
    kind: str  # row | column | heading
    code: str  # the official code it was matched to
    text: str  # as printed


@dataclass
class AnnualReport:
    org: str
    year: int
    t2: dict[tuple[str, str], Number] = field(default_factory=dict)
    t3: dict[tuple[str, str], Number] = field(default_factory=dict)
    t4: dict[tuple[str, str], Number] = field(default_factory=dict)
    items: ItemsTally | None = None
    parts: dict[str, str] = field(default_factory=dict)  # 一 … 六 -> prose (markdown-ish text)
    title: str = ""
    fee: FeeSummary | None = None
    source: str = "ledger"
    # Filled by document readers only: what was printed, so the checks can judge the template.
    raw: dict[tuple[str, str, str], str] = field(default_factory=dict)  # non-numeric cell text
    labels: list[SeenLabel] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)  # (part number, heading as printed)
    # what a document reader saw, as typed records (report/readers/evidence.py); rules match on them
    evidence: list[Any] = field(default_factory=list)
    tables_found: set[str] = field(default_factory=lambda: {"t2", "t3", "t4"})
    period: tuple[str, str] | None = None  # statistics period as printed (自…至…)
    opening: str = ""  # the front matter after the title, before part 一, as printed (TXT-YEAR)
    published: str | None = None  # ISO date the report was published, where known
    signed: str | None = None  # ISO date under the signature (成文日期), where given (--date)
    derived: bool = False  # tables counted from ledger records (not typed into a document)
    area: bool = False  # the tables of a unit and every unit below it (--rollup): its prose speaks for the area
    drafted: set[str] = field(default_factory=set)  # parts whose prose is disc's draft, not the clerk's
    months: list[dict[str, Any]] | None = None  # items by month and channel (build.items_by_month), for the chart

    # ------------------------------------------------------------------ construction
    @classmethod
    def empty(cls, org: str, year: int, fill: Number = 0) -> AnnualReport:
        rep = cls(org=org, year=year)
        for t, cells in TABLE_CELLS.items():
            table = rep.table(t)
            for key in cells:
                table[key] = Decimal(0) if (t, key[1]) == ("t2", "amount_wan") and fill == 0 else fill
        return rep

    def table(self, name: str) -> dict[tuple[str, str], Number]:
        return {"t2": self.t2, "t3": self.t3, "t4": self.t4}[name]

    def cell(self, table: str, row: str, column: str) -> Number:
        return self.table(table).get((row, column))

    @property
    def default_title(self) -> str:
        return f"{self.org}{self.year}年政府信息公开工作年度报告"

    # ------------------------------------------------------------------ values for prose placeholders
    def values(self) -> dict[str, Number]:
        """Every number prose may cite, keyed as in output-codes.md: items.wechat, t3.new.total, …"""
        out: dict[str, Number] = {}
        if self.items is not None:
            out["items.total"] = self.items.total
            for code, _ in self.items.channels:
                out[f"items.{code}"] = self.items.channel_total(code)
            for cat in self.items.categories:
                out[f"items.category.{cat}"] = self.items.category_total(cat)
        for t in ("t2", "t3", "t4"):
            for (r, c), v in self.table(t).items():
                out[f"{t}.{r}.{c}"] = v
        if self.t4:
            suits = [self.t4.get(("suit_direct", "total")), self.t4.get(("suit_after_review", "total"))]
            if None not in suits:
                out["t4.suit.total"] = sum(suits)  # type: ignore[arg-type]
        if self.fee is not None:
            out["fee.charged"] = self.fee.charged
            out["fee.amount"] = self.fee.amount_yuan
            out["fee.notices"] = self.fee.notices
        out["year"] = self.year
        return out

    # ------------------------------------------------------------------ long form (output-codes.md)
    def long_rows(self, tables: tuple[str, ...] = vocab.TABLES) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for t in tables:
            if t == "items":
                if self.items is None:
                    continue
                for r, c, v in self.items.long_rows():
                    rows.append({"year": self.year, "org": self.org, "table": "items", "row": r, "column": c, "value": v})
                continue
            for (r, c) in TABLE_CELLS[t]:
                v = self.table(t).get((r, c))
                rows.append({"year": self.year, "org": self.org, "table": t, "row": r, "column": c, "value": v})
        return rows

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> dict[str, Any]:
        def table_json(t: str) -> dict[str, dict[str, Any]]:
            out: dict[str, dict[str, Any]] = {}
            for (r, c) in TABLE_CELLS[t]:
                out.setdefault(r, {})[c] = json_number(self.table(t).get((r, c)))
            return out

        doc: dict[str, Any] = {
            "org": self.org,
            "year": self.year,
            "title": self.title or self.default_title,
            "t2": table_json("t2"),
            "t3": table_json("t3"),
            "t4": table_json("t4"),
            "parts": {n: self.parts.get(n, "") for n, _ in vocab.PARTS if n in self.parts},
        }
        if self.items is not None:
            doc["items"] = {
                "channels": [{"code": c, "label": label} for c, label in self.items.channels],
                "categories": self.items.categories,
                "counts": [
                    {"channel": ch, "category": cat, "count": n} for (ch, cat), n in sorted(self.items.counts.items())
                ],
                "total": self.items.total,
            }
        if self.fee is not None:
            doc["fee"] = {
                "charged": self.fee.charged,
                "amount_yuan": json_number(self.fee.amount_yuan),
                "notices": self.fee.notices,
            }
        if self.published:
            doc["published"] = self.published
        return doc

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> AnnualReport:
        rep = cls(org=doc["org"], year=int(doc["year"]), title=doc.get("title", ""))
        for t in ("t2", "t3", "t4"):
            table = rep.table(t)
            for (r, c) in TABLE_CELLS[t]:
                v = doc.get(t, {}).get(r, {}).get(c)
                if v is None:
                    table[(r, c)] = None
                elif (t, c) == ("t2", "amount_wan"):
                    table[(r, c)] = Decimal(str(v))
                else:
                    table[(r, c)] = int(v)
        rep.parts = dict(doc.get("parts", {}))
        if "items" in doc:
            it = doc["items"]
            rep.items = ItemsTally(
                [(c["code"], c["label"]) for c in it["channels"]],
                list(it["categories"]),
                {(x["channel"], x["category"]): int(x["count"]) for x in it["counts"]},
            )
        if "fee" in doc:
            f = doc["fee"]
            rep.fee = FeeSummary(int(f["charged"]), Decimal(str(f["amount_yuan"])), int(f.get("notices", 0)))
        rep.published = doc.get("published")
        return rep

    # ------------------------------------------------------------------ roll-up
    def add(self, other: AnnualReport, org: str | None = None) -> AnnualReport:
        """Cell-by-cell sum of two reports of the same year (a district adding up its units)."""
        if other.year != self.year:
            raise ValueError(f"不能把 {other.year} 年的报告加到 {self.year} 年")
        out = AnnualReport(org=org or self.org, year=self.year)
        for t in ("t2", "t3", "t4"):
            a, b, dst = self.table(t), other.table(t), out.table(t)
            for key in TABLE_CELLS[t]:
                x, y = a.get(key), b.get(key)
                dst[key] = None if x is None or y is None else x + y
        if self.items is not None and other.items is not None:
            out.items = self.items.merge(other.items)
        else:
            out.items = self.items or other.items
        if self.fee is not None or other.fee is not None:
            f1, f2 = self.fee or FeeSummary(), other.fee or FeeSummary()
            out.fee = FeeSummary(f1.charged + f2.charged, f1.amount_yuan + f2.amount_yuan, f1.notices + f2.notices)
        return out
