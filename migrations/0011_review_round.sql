-- 0011: the review round (issue 23): the annual reports a district's units submit, the problems found
-- in them, and what became of each — returned to the unit, fixed in a later version, accepted by
-- the reviewer, closed. Kept in the district's ledger.

-- Each version of a unit's report as submitted: the file's hash identifies it across renames.
CREATE TABLE review_document (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    year        INTEGER NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    received    TEXT NOT NULL CHECK (date(received, '+0 days') IS received),
    doc_org     TEXT,              -- the unit's name as the document prints it
    errors      INTEGER NOT NULL DEFAULT 0,
    warnings    INTEGER NOT NULL DEFAULT 0,
    content     TEXT NOT NULL,     -- JSON: the cells and parts read (for the table, the copy check, the parent's sum)
    recorded_at TEXT NOT NULL,
    clerk       TEXT NOT NULL,
    UNIQUE (org_id, year, version)
);

-- A problem of a unit's report for a year, across its versions: identified by its fingerprint (the
-- rule and the cell, or the rule and the sentence's claim — never the page or the line), so the
-- same problem in a corrected version is the same problem, and one gone from it is fixed.
CREATE TABLE review_issue (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES org(id),
    year          INTEGER NOT NULL,
    fingerprint   TEXT NOT NULL,
    rule          TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('E', 'W')),
    where_        TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('open', 'returned', 'fixed', 'accepted', 'closed')),
    first_doc     INTEGER NOT NULL REFERENCES review_document(id),
    last_doc      INTEGER NOT NULL REFERENCES review_document(id),  -- the last version that still had it
    returned_at   TEXT,
    notice_id     INTEGER REFERENCES review_notice(id),
    fixed_in      INTEGER REFERENCES review_document(id),
    accepted_at   TEXT,
    accepted_by   TEXT,
    reason        TEXT,
    closed_at     TEXT,
    UNIQUE (org_id, year, fingerprint),
    CHECK (state <> 'accepted' OR (reason IS NOT NULL AND length(trim(reason)) > 0))
);

-- A 整改通知 returned to a unit: numbered per reviewer and year, listing the issues it returned.
CREATE TABLE review_notice (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),  -- the unit it was returned to
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL,
    dated       TEXT NOT NULL CHECK (date(dated, '+0 days') IS dated),
    due         TEXT NOT NULL CHECK (date(due, '+0 days') IS due AND due >= dated),  -- the corrected version by
    issues      INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    clerk       TEXT NOT NULL,
    UNIQUE (year, seq)
);

CREATE TRIGGER review_document_no_delete BEFORE DELETE ON review_document
BEGIN SELECT RAISE(ABORT, '登记的报告版本不能删除'); END;
CREATE TRIGGER review_issue_no_delete BEFORE DELETE ON review_issue
BEGIN SELECT RAISE(ABORT, '审核记录不能删除'); END;
CREATE TRIGGER review_notice_no_delete BEFORE DELETE ON review_notice
BEGIN SELECT RAISE(ABORT, '整改通知不能删除'); END;
