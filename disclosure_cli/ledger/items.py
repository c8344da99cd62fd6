"""Published items (主动公开): add, edit, void, list; the per-ledger channel and category vocabularies."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from disclosure_cli.errors import BadInput, NotFound
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.fields import check_id, parse_count, parse_date, text_field
from disclosure_cli.vocab import ITEM_FIELD_LABELS, normalize, unknown_message

ITEM_FIELDS = [
    "published",
    "channel",
    "category",
    "title",
    "url",
    "count",
    "formed",
    "drafter",
    "reviewer",
    "approver",
    "note",
]
FIELD_LABELS = ITEM_FIELD_LABELS  # vocab is the one place for labels


@dataclass
class Vocab:
    """A ledger's channels and categories with every spelling a clerk may use."""

    channels: list[tuple[str, str]]  # (code, label) in order
    categories: list[str]
    _channel_keys: dict[str, str]
    _category_keys: dict[str, str]

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Vocab:
        channels, ckeys = [], {}
        for code, label, aliases in conn.execute("SELECT code, label, aliases FROM channel ORDER BY position, code"):
            channels.append((code, label))
            for key in (code, label, *filter(None, aliases.split("|"))):
                ckeys.setdefault(normalize(key), code)
        categories, gkeys = [], {}
        for name, aliases in conn.execute("SELECT name, aliases FROM category ORDER BY position, name"):
            categories.append(name)
            for key in (name, *filter(None, aliases.split("|"))):
                gkeys.setdefault(normalize(key), name)
        return cls(channels, categories, ckeys, gkeys)

    def channel(self, value: str) -> str:
        code = self._channel_keys.get(value) or self._channel_keys.get(normalize(value))
        if code is None:
            raise BadInput(
                unknown_message("渠道", value, [f"{c}（{label}）" for c, label in self.channels])
                + "。新增渠道：disc channels add 代码 名称"
            )
        return code

    def find_category(self, value: str) -> str | None:
        return self._category_keys.get(value) or self._category_keys.get(normalize(value)) or self._folded(value)

    def _folded(self, value: str) -> str | None:
        """工作動態 is 工作动态: traditional characters, quotes and numbering folded (only on a miss:
        `disc add` does not pay for it); a new category spelt in traditional would split the statistics."""
        from disclosure_cli.text import fold

        keys = {fold(k): name for k, name in self._category_keys.items()}
        return keys.get(fold(value))

    def add_category(self, conn: sqlite3.Connection, name: str) -> None:
        """A category new to the ledger, added inside the caller's transaction (import --add-categories)."""
        pos = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM category").fetchone()[0]
        conn.execute("INSERT INTO category (name, aliases, position) VALUES (?, '', ?)", (name, pos))
        self.categories.append(name)
        self._category_keys.setdefault(normalize(name), name)

    def category(self, value: str) -> str:
        name = self.find_category(value)
        if name is None:
            raise BadInput(unknown_message("类别", value, self.categories) + "。新增类别：disc categories add 名称")
        return name

    def channel_label(self, code: str) -> str:
        return dict(self.channels).get(code, code)


def clean_item(
    raw: dict[str, Any], vocab: Vocab, *, today: date | None = None, allow_future: bool = False
) -> dict[str, Any]:
    """Validate one item's fields (all of them, so a row's errors come at once); BadInput lists them."""
    out: dict[str, Any] = {}
    problems: list[str] = []

    def take(name: str, fn):
        try:
            out[name] = fn()
        except BadInput as e:
            label, msg = FIELD_LABELS[name], str(e)
            # "发布日期（published）「2023-02-30」不是有效日期", not the label twice
            problems.append(f"{label}（{name}）{msg[len(label):]}" if msg.startswith(label) else f"{label}（{name}）：{msg}")

    published = raw.get("published")
    if published is None or (isinstance(published, str) and not published.strip()):
        published = (today or date.today()).isoformat()
    take("published", lambda: parse_date(published, "发布日期", allow_future=allow_future))
    take("channel", lambda: vocab.channel(text_field(raw.get("channel"), "渠道", required=True)))
    take("category", lambda: vocab.category(text_field(raw.get("category"), "类别", required=True)))
    take("title", lambda: text_field(raw.get("title"), "标题", required=True))
    take("url", lambda: text_field(raw.get("url"), "链接"))
    take("count", lambda: parse_count(raw.get("count"), "数量"))
    take("formed", lambda: parse_date(raw.get("formed"), "信息形成日期", required=False, allow_future=allow_future))
    for f in ("drafter", "reviewer", "approver", "note"):
        take(f, lambda f=f: text_field(raw.get(f), FIELD_LABELS[f]))
    if not problems and out["formed"] and out["formed"] > out["published"]:
        problems.append(f"信息形成日期（formed）：{out['formed']} 晚于发布日期 {out['published']}")
    if problems:
        raise BadInput("；".join(problems), problems)
    return out


def add_item(ledger: Ledger, raw: dict[str, Any], *, org: str | None = None, allow_future: bool = False) -> int:
    vocab = Vocab.load(ledger.conn)
    item = clean_item(raw, vocab, allow_future=allow_future)
    with ledger.write() as conn:
        cur = conn.execute(
            f"INSERT INTO item (org_id, {', '.join(ITEM_FIELDS)}) VALUES (?, {', '.join('?' * len(ITEM_FIELDS))})",
            (ledger.org_id(org), *(item[f] for f in ITEM_FIELDS)),
        )
        item_id = cur.lastrowid
        ledger.log("add", "item", item_id, after=item)
    return int(item_id)


def get_item(ledger: Ledger, item_id: int) -> dict[str, Any]:
    check_id(item_id, "信息条目")
    ledger.conn.row_factory = sqlite3.Row
    try:
        row = ledger.conn.execute("SELECT * FROM item WHERE id = ?", (item_id,)).fetchone()
    finally:
        ledger.conn.row_factory = None
    if row is None:
        raise NotFound(f"没有编号为 {item_id} 的信息条目")
    return dict(row)


def edit_item(
    ledger: Ledger, item_id: int, changes: dict[str, Any], *, reason: str | None = None, allow_future: bool = False
) -> dict[str, Any]:
    """Change any field; the log keeps the values before and after. Returns the changed fields."""
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise BadInput(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    if not changes:
        raise BadInput("没有要修改的内容：请给出 --title、--channel 等要改的字段")
    vocab = Vocab.load(ledger.conn)
    with ledger.write() as conn:
        current = get_item(ledger, item_id)
        merged = {f: current[f] for f in ITEM_FIELDS}
        merged.update(changes)
        cleaned = clean_item(merged, vocab, allow_future=allow_future)
        diff = {f: cleaned[f] for f in ITEM_FIELDS if cleaned[f] != current[f]}
        if not diff:
            raise BadInput("修改后的内容与原来相同，未作改动")
        conn.execute(
            f"UPDATE item SET {', '.join(f'{f} = ?' for f in diff)} WHERE id = ?",
            (*diff.values(), item_id),
        )
        ledger.log("edit", "item", item_id, before={f: current[f] for f in diff}, after=diff, reason=reason)
    return diff


def void_item(ledger: Ledger, item_id: int, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("作废原因（--reason）不能为空")
    with ledger.write() as conn:
        current = get_item(ledger, item_id)
        if current["voided_at"]:
            raise BadInput(f"信息条目 {item_id} 已于 {current['voided_at']} 作废")
        from disclosure_cli.ledger.db import now_iso

        at = now_iso()
        conn.execute("UPDATE item SET voided_at = ?, void_reason = ? WHERE id = ?", (at, reason, item_id))
        ledger.log("void", "item", item_id, before={"voided_at": None}, after={"voided_at": at}, reason=reason)


def year_range(year: int | None, start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """A period from --year and/or --from/--to, as inclusive ISO bounds."""
    lo = parse_date(start, "起始日期（--from）", required=False, bounded=False) if start else None
    hi = parse_date(end, "截止日期（--to）", required=False, bounded=False) if end else None
    if year is not None:
        y_lo, y_hi = f"{year:04d}-01-01", f"{year:04d}-12-31"
        lo = max(lo, y_lo) if lo else y_lo
        hi = min(hi, y_hi) if hi else y_hi
    if lo and hi and lo > hi:
        raise BadInput(f"起始日期 {lo} 晚于截止日期 {hi}")
    return lo, hi


def iter_items(
    ledger: Ledger,
    *,
    year: int | None = None,
    start: str | None = None,
    end: str | None = None,
    channel: str | None = None,
    category: str | None = None,
    search: str | None = None,
    include_void: bool = False,
    org: str | None = None,
    limit: int | None = None,
    count_only: bool = False,
) -> Any:
    """The items selected, in publication order, as a stream of dicts read from the cursor (flat
    memory on 100,000s of rows); count_only: how many there are."""
    vocab = Vocab.load(ledger.conn)
    lo, hi = year_range(year, start, end)
    where, args = ["org_id = ?"], [ledger.org_id(org)]
    if lo:
        where.append("published >= ?")
        args.append(lo)
    if hi:
        where.append("published <= ?")
        args.append(hi)
    if channel:
        where.append("channel = ?")
        args.append(vocab.channel(channel))
    if category:
        where.append("category = ?")
        args.append(vocab.category(category))
    if search:
        where.append("instr(title, ?) > 0")
        args.append(search.strip())
    if not include_void:
        where.append("voided_at IS NULL")
    cols = ["id", *ITEM_FIELDS, "voided_at", "void_reason"]
    sql = f"SELECT {', '.join(cols)} FROM item WHERE {' AND '.join(where)} ORDER BY published, id"
    if count_only:
        return ledger.conn.execute(f"SELECT count(*) FROM item WHERE {' AND '.join(where)}", args).fetchone()[0]
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cur = ledger.conn.execute(sql, args)
    return (dict(zip(cols, row, strict=True)) for row in cur)


def list_items(ledger: Ledger, **kw: Any) -> list[dict[str, Any]]:
    return list(iter_items(ledger, **kw))


def last_item(ledger: Ledger) -> dict[str, Any] | None:
    row = ledger.conn.execute("SELECT channel, category FROM item ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else {"channel": row[0], "category": row[1]}


# --------------------------------------------------------------------------- vocabularies
def list_channels(ledger: Ledger) -> list[dict[str, Any]]:
    rows = ledger.conn.execute("SELECT code, label, aliases FROM channel ORDER BY position, code")
    return [{"code": c, "label": label, "aliases": a.replace("|", "、")} for c, label, a in rows]


CHANNEL_KIND_ALIASES = {"website": "website", "网站": "website", "政府网站": "website", "new_media": "new_media",
                        "新媒体": "new_media", "政务新媒体": "new_media", "board": "board", "公示栏": "board",
                        "公开栏": "board", "other": "other", "其他": "other"}


def add_channel(ledger: Ledger, code: str, label: str, aliases: list[str] | None = None, kind: str = "other") -> None:
    code = (code or "").strip().lower()
    kind_code = CHANNEL_KIND_ALIASES.get((kind or "other").strip().lower())
    if kind_code is None:
        raise BadInput(f"渠道类型（--kind）「{kind}」无法识别：可用 website（政府网站）、new_media（政务新媒体）、board（公示栏）、other（其他）")
    label = (label or "").strip()
    if not code or not code.isascii() or not (code[0].isalpha() and code.replace("_", "").isalnum()):
        raise BadInput(f"渠道代码「{code}」应由小写英文字母、数字和下划线组成，以字母开头（如 weibo）")
    if not label:
        raise BadInput("渠道名称不能为空")
    vocab = Vocab.load(ledger.conn)
    for key in (code, label, *(aliases or [])):
        if normalize(key) in vocab._channel_keys:
            raise BadInput(f"「{key}」已是渠道 {vocab._channel_keys[normalize(key)]} 的名称或别名")
    with ledger.write() as conn:
        pos = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM channel").fetchone()[0]
        conn.execute(
            "INSERT INTO channel (code, label, aliases, position, kind) VALUES (?, ?, ?, ?, ?)",
            (code, label, "|".join(a.strip() for a in aliases or [] if a.strip()), pos, kind_code),
        )
        ledger.log("add", "channel", None, after={"code": code, "label": label, "aliases": aliases or [], "kind": kind_code})


def list_categories(ledger: Ledger) -> list[dict[str, Any]]:
    rows = ledger.conn.execute("SELECT name, aliases FROM category ORDER BY position, name")
    return [{"name": n, "aliases": a.replace("|", "、")} for n, a in rows]


def add_category(ledger: Ledger, name: str, aliases: list[str] | None = None) -> None:
    name = (name or "").strip()
    if not name:
        raise BadInput("类别名称不能为空")
    vocab = Vocab.load(ledger.conn)
    for key in (name, *(aliases or [])):
        if normalize(key) in vocab._category_keys:
            raise BadInput(f"「{key}」已是类别「{vocab._category_keys[normalize(key)]}」的名称或别名")
    with ledger.write() as conn:
        pos = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM category").fetchone()[0]
        conn.execute(
            "INSERT INTO category (name, aliases, position) VALUES (?, ?, ?)",
            (name, "|".join(a.strip() for a in aliases or [] if a.strip()), pos),
        )
        ledger.log("add", "category", None, after={"name": name, "aliases": aliases or []})


# --------------------------------------------------------------------------- the trail
def change_log(
    ledger: Ledger, *, entity: str | None = None, entity_id: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    where, args = [], []
    if entity:
        where.append("entity = ?")
        args.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        args.append(entity_id)
    sql = "SELECT id, at, clerk, action, entity, entity_id, before, after, reason FROM change_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in ledger.conn.execute(sql, args):
        rec = dict(zip(["id", "at", "clerk", "action", "entity", "entity_id", "before", "after", "reason"], row, strict=True))
        for k in ("before", "after"):
            rec[k] = json.loads(rec[k]) if rec[k] else None
        out.append(rec)
    out.reverse()
    return out
