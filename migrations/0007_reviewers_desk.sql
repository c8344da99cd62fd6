-- 0007: the reviewer's desk (issue 13): a published annual report frozen as it went out, the
-- publication deadline of a unit, and the 解读 (interpretation) link of a normative document that
-- assessors look for.

-- 行政规范性文件 are published with their 解读 (政策解读): the link, or NULL when none is recorded.
ALTER TABLE document ADD COLUMN interpretation TEXT CHECK (interpretation IS NULL OR length(trim(interpretation)) > 0);

-- The day (MM-DD of the next year) a unit's annual report is due; NULL: by the kind of unit
-- (条例第五十条: 1月31日 for a department, a 乡镇 or a 街道; 3月31日 for a 县级以上 government's own).
ALTER TABLE org ADD COLUMN report_deadline TEXT
    CHECK (report_deadline IS NULL OR (report_deadline GLOB '[01][0-9]-[0-3][0-9]'
           AND date('2000-' || report_deadline, '+0 days') IS '2000-' || report_deadline));

-- One standing publication per unit, year and scope (its own records, or rolled up over the units
-- below it); a republication voids the earlier one, which stays as it was.
CREATE TABLE publication (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    year        INTEGER NOT NULL,
    rollup      INTEGER NOT NULL DEFAULT 0 CHECK (rollup IN (0, 1)),
    published   TEXT NOT NULL CHECK (date(published, '+0 days') IS published),  -- day it went out
    url         TEXT,
    cells       TEXT NOT NULL,   -- JSON: [[table, row, column, value], …] as published
    hashes      TEXT NOT NULL,   -- JSON: {format: sha256 of the file produced}
    recorded_at TEXT NOT NULL,
    clerk       TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    origin_ledger TEXT,   -- merge identity (0004): a district's merged ledger holds its units' publications
    origin_id     INTEGER,
    origin_hash   TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX publication_origin ON publication(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;
CREATE UNIQUE INDEX publication_one ON publication(org_id, year, rollup) WHERE voided_at IS NULL;

-- The records the published cells counted, each with the fields its cells depend on, so a later
-- change can be named record by record (an import is logged as one line, not per record).
CREATE TABLE publication_record (
    publication_id INTEGER NOT NULL REFERENCES publication(id),
    kind           TEXT NOT NULL,     -- item | document | decision | fee | request | case
    record_id      INTEGER NOT NULL,
    state          TEXT NOT NULL,     -- the counted fields, joined
    PRIMARY KEY (publication_id, kind, record_id)
) WITHOUT ROWID;

CREATE TRIGGER publication_no_delete BEFORE DELETE ON publication
BEGIN SELECT RAISE(ABORT, '已发布的年度报告记录不能删除'); END;
-- only voiding (and merge bookkeeping) may change a row; a merge that writes the same values is fine
CREATE TRIGGER publication_fixed BEFORE UPDATE ON publication
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.year IS NOT OLD.year OR NEW.rollup IS NOT OLD.rollup
  OR NEW.published IS NOT OLD.published OR NEW.url IS NOT OLD.url OR NEW.cells IS NOT OLD.cells
  OR NEW.hashes IS NOT OLD.hashes OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.clerk IS NOT OLD.clerk
BEGIN SELECT RAISE(ABORT, '已发布的年度报告记录不能改写；重新发布请用 disc report publish --replace'); END;
CREATE TRIGGER publication_record_no_delete BEFORE DELETE ON publication_record
BEGIN SELECT RAISE(ABORT, '已发布的年度报告记录不能删除'); END;
CREATE TRIGGER publication_record_no_update BEFORE UPDATE ON publication_record
BEGIN SELECT RAISE(ABORT, '已发布的年度报告记录不能改写'); END;
