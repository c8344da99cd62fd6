"""Build sample.db, the ledger of the sample report (惠农区南街街道 2023), from the data in scripts/sample/.

    python scripts/build_sample.py            # writes ./sample.db
    python scripts/build_sample.py OUT.db     # writes elsewhere (the test compares the two)

Everything goes through the library, as a clerk's commands would. Timestamps come from
SOURCE_DATE_EPOCH so that the same data always gives the same ledger.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "sample"
ORG = "惠农区南街街道"
YEAR = 2023
LEDGER_UUID = "5a3b9c0d1e2f40718293a4b5c6d7e8f9"
EPOCH = "1704412800"  # 2024-01-05 08:00 +08:00, when the clerk compiled the 2023 figures


def build(out: Path) -> Path:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from disclosure_cli.ledger import importer, records
    from disclosure_cli.ledger.db import Ledger

    out.unlink(missing_ok=True)
    ledger = Ledger.create(out, ORG, clerk="南街街道党政办")
    try:
        with ledger.write():
            ledger.set_meta("review_policy", "full")  # the sample report says every item goes through 三审三校
            ledger.set_meta("uuid", LEDGER_UUID)  # a fixed identity (merge), so the build is reproducible
        importer.import_items(ledger, str(DATA / "items-2023.csv"))
        records.import_decisions(ledger, str(DATA / "decisions-2023.csv"))
        for part, name in (("一", "part1.md"), ("五", "part5.md"), ("六", "part6.md")):
            records.set_narrative(ledger, year=YEAR, part=part, text=(DATA / name).read_text(encoding="utf-8"))
        ledger.conn.execute("VACUUM")
    finally:
        ledger.close()
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "sample.db"
    print(build(target))
