"""disc merge with set-based SQL (issue 15) gives what the row-by-row merge gave: on random unit
ledgers, merged, edited on either side or both, merged again, the district's records, counts,
conflicts, notes and change log are those of tests/merge_reference.py (the merge before issue 15).
Also: a district merged by the old disc keeps working (its older digests are understood)."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import merge_reference
from tests.test_merge import DATA_TABLES
from tests.test_rollup import fill_unit

NAMES = ["南街街道", "北街街道", "河东街道", "西园街道"]
DISTRICT = "惠农区"


# --------------------------------------------------------------------------- random ledgers and edits
def make_units(root: Path, rng: random.Random) -> list[Path]:
    """Two to four 街道 ledgers, each filled as a clerk would, plus random extra items; sometimes one
    unit has already merged another (a chain: the records keep their first origin)."""
    from disclosure_cli.ledger import items
    from disclosure_cli.ledger.db import Ledger

    n = rng.randint(2, 4)
    paths = []
    for k in range(n):
        p = root / f"{NAMES[k]}.db"
        with Ledger.create(p, NAMES[k]) as led:
            fill_unit(led, rng.randint(0, 3))
            if rng.random() < 0.3:
                items.add_channel(led, "weibo", "政务微博", ["微博"])
                items.add_item(led, {"published": "2023-02-02", "channel": "weibo", "category": "工作动态", "title": "微博一条"})
            for i in range(rng.randint(0, 6)):
                items.add_item(
                    led,
                    {
                        "published": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        "channel": rng.choice(["wechat", "portal", "board"]),
                        "category": rng.choice(["工作动态", "社会救助", "财政预决算"]),
                        "title": f"随机{k}-{i}",
                        "count": rng.randint(1, 3),
                    },
                )
        paths.append(p)
    if n >= 3 and rng.random() < 0.5:
        with Ledger.open(paths[0]) as led:
            merge_reference.merge_ledgers(led, [str(paths[2])], parent=NAMES[0])
    return paths


def edit_unit(path: Path, rng: random.Random, tag: str) -> None:
    """What a unit's clerk does between two merges: corrections, voids, new records, a reopened
    application, new words in the report, a purge of personal data."""
    from disclosure_cli.ledger import deadlines, items, records, requests
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(path) as led:
        conn = led.conn
        ids = [r[0] for r in conn.execute("SELECT id FROM item WHERE voided_at IS NULL AND origin_ledger IS NULL ORDER BY id")]
        for i in rng.sample(ids, min(len(ids), rng.randint(0, 3))):
            items.edit_item(led, i, {"title": f"更正{tag}{i}", "count": rng.randint(1, 4)})
        if ids and rng.random() < 0.5:
            items.void_item(led, rng.choice(ids), "录重")
        for i in range(rng.randint(0, 3)):
            items.add_item(led, {"published": "2023-11-0" + str(i + 1), "channel": "wechat", "category": "工作动态", "title": f"新增{tag}{i}"})
        if rng.random() < 0.5:
            records.set_narrative(led, year=2023, part="一", text=f"单位改写的正文{tag}。")
        if rng.random() < 0.4:
            rid, _ = requests.add_request(
                led, received="2023-11-20", applicant_type="natural_person", subject=f"新申请{tag}", personal={"name": f"新人{tag}", "phone": "13700000000"}
            )
            if rng.random() < 0.5:
                deadlines.record_extension(led, rid, approved_by="主任", decided="2023-11-24")
        closed = [r[0] for r in conn.execute("SELECT id FROM request WHERE outcome = 'granted' AND origin_ledger IS NULL ORDER BY id")]
        if closed and rng.random() < 0.4:
            rid = closed[0]
            requests.reopen_request(led, rid, reason="复核")
            closed_on = conn.execute("SELECT date(received, '+3 days') FROM request WHERE id = ?", (rid,)).fetchone()[0]
            requests.close_request(led, rid, outcome="partial", date=closed_on)
        if rng.random() < 0.3:
            with led.write():
                conn.execute("UPDATE request_personal SET phone = ? WHERE request_id = (SELECT min(request_id) FROM request_personal)", (f"136{tag}",))
        if rng.random() < 0.2:
            requests.purge_personal(led, "2024-01-01")


def edit_district(path: Path, rng: random.Random, tag: str, same_as: str | None = None) -> None:
    """The district's clerk corrects merged copies: a title, a narrative, a phone number (sometimes
    the same correction the unit made, sometimes another)."""
    from disclosure_cli.ledger import items, records
    from disclosure_cli.ledger.db import Ledger

    with Ledger.open(path) as led:
        conn = led.conn
        ids = [r[0] for r in conn.execute("SELECT id FROM item WHERE origin_ledger IS NOT NULL AND voided_at IS NULL ORDER BY id")]
        for i in rng.sample(ids, min(len(ids), rng.randint(0, 3))):
            items.edit_item(led, i, {"title": f"区改{tag}{i}"})
        orgs = [r[0] for r in conn.execute("SELECT name FROM org WHERE parent_id IS NOT NULL ORDER BY id")]
        if orgs and rng.random() < 0.5:
            text = f"单位改写的正文{same_as}。" if same_as and rng.random() < 0.5 else f"区里改写的正文{tag}。"
            records.set_narrative(led, year=2023, part="一", text=text, org=rng.choice(orgs))
        if rng.random() < 0.3:
            with led.write():
                conn.execute("UPDATE request_personal SET phone = '13511111111' WHERE request_id = (SELECT max(request_id) FROM request_personal)")


# --------------------------------------------------------------------------- comparing
def state(path: Path) -> dict:
    """Everything a merge writes, with origin_hash reduced to set / not set (its spelling changed)."""
    out: dict = {}
    with sqlite3.connect(path) as conn:
        for t in [*DATA_TABLES, "item_total"]:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            sel = ", ".join("origin_hash IS NOT NULL" if c == "origin_hash" else c for c in cols)
            out[t] = conn.execute(f"SELECT {sel} FROM {t} ORDER BY {'rowid' if t != 'item_total' else '1, 2, 3, 4'}").fetchall()
        out["merge_source"] = conn.execute("SELECT uuid, org, file, merges FROM merge_source ORDER BY uuid").fetchall()
        log = []
        for action, entity, entity_id, before, after, reason in conn.execute(
            "SELECT action, entity, entity_id, before, after, reason FROM change_log ORDER BY id"
        ):
            after_v = json.loads(after) if after else None
            if isinstance(after_v, dict) and "conflicts" in after_v:
                after_v["conflicts"] = sorted(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in after_v["conflicts"])
            log.append((action, entity, entity_id, before, json.dumps(after_v, ensure_ascii=False, sort_keys=True), reason))
        out["change_log"] = log
    return out


def outcome(result) -> list:
    return [
        (
            u.file,
            u.org,
            u.orgs_created,
            dict(u.added),
            dict(u.updated),
            dict(u.unchanged),
            sorted(tuple(sorted((k, str(v)) for k, v in c.to_dict().items())) for c in u.conflicts),
            sorted(u.notes),
        )
        for u in result.units
    ]


def both(old: Path, new: Path, units: list[Path], **kw) -> None:
    """The same merge by the reference and by disc; what they return and write must agree."""
    from disclosure_cli.ledger import merge
    from disclosure_cli.ledger.db import Ledger

    files = [str(p) for p in units]
    with Ledger.open(old) as led:
        want = merge_reference.merge_ledgers(led, files, parent=DISTRICT, **kw)
    with Ledger.open(new) as led:
        got = merge.merge_ledgers(led, files, parent=DISTRICT, **kw)
    assert outcome(got) == outcome(want)
    s_old, s_new = state(old), state(new)
    for key in s_old:
        assert s_new[key] == s_old[key], key


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), legacy=st.booleans())
def test_set_based_merge_equals_row_by_row(tmp_path_factory, monkeypatch, seed, legacy):
    from disclosure_cli.ledger.db import Ledger

    monkeypatch.setenv("DISC_CLERK", "测试员")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("merge")
    units = make_units(root, rng)
    old, new = root / "区-旧.db", root / "区-新.db"
    Ledger.create(old, DISTRICT).close()
    if rng.random() < 0.3:  # the district registered an application of a unit itself: numbers re-issued
        from disclosure_cli.ledger import orgs, requests

        with Ledger.open(old) as led:
            orgs.add_org(led, NAMES[1], DISTRICT)
            requests.add_request(led, received="2023-01-03", applicant_type="natural_person", subject="区里登记的", org=NAMES[1])
    shutil.copyfile(old, new)
    order = units[:]
    if legacy:
        # the first merge by the disc before issue 15, on both copies: its digests are the old kind
        from disclosure_cli.ledger.db import Ledger as L

        for p in (old, new):
            with L.open(p) as led:
                merge_reference.merge_ledgers(led, [str(u) for u in units], parent=DISTRICT)
    else:
        both(old, new, order)
    both(old, new, order)  # again: nothing changes
    for round_ in range(2):
        for k, u in enumerate(units):
            if rng.random() < 0.7:
                edit_unit(u, rng, f"{round_}{k}")
        tag = f"d{round_}"
        same = f"{round_}{rng.randrange(len(units))}"
        for p in (old, new):
            edit_district(p, random.Random(seed + round_), tag, same_as=same)
        rng.shuffle(order)
        both(old, new, order, on_conflict=rng.choice(["report", "report", "keep", "take"]))
        both(old, new, order)
