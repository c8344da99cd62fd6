-- 0002: the records behind tables 二, 三 and 四 and the report's prose (issue 3).

-- 表二 第二十条第（一）项: 规章 and 行政规范性文件
CREATE TABLE document (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    kind        TEXT NOT NULL CHECK (kind IN ('regulation', 'normative_document')),
    number      TEXT,                                   -- 文号
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    issued      TEXT NOT NULL CHECK (date(issued, '+0 days') IS issued),
    repealed    TEXT CHECK (repealed IS NULL OR (date(repealed, '+0 days') IS repealed AND repealed >= issued)),
    voided_at   TEXT,
    void_reason TEXT
);

-- 表二 第二十条第（五）（六）项: 行政许可, 行政处罚, 行政强制 decisions (often imported in bulk)
CREATE TABLE decision (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    kind        TEXT NOT NULL CHECK (kind IN ('license', 'penalty', 'coercion')),
    decided     TEXT NOT NULL CHECK (date(decided, '+0 days') IS decided),
    count       INTEGER NOT NULL DEFAULT 1 CHECK (typeof(count) = 'integer' AND count >= 1),
    ref         TEXT,                                   -- 决定书文号 or the source system's id
    voided_at   TEXT,
    void_reason TEXT
);
CREATE INDEX decision_decided ON decision(decided);

-- 表二 第二十条第（八）项: 行政事业性收费 receipts, in 分 (exact; shown in 万元)
CREATE TABLE fee_receipt (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    received    TEXT NOT NULL CHECK (date(received, '+0 days') IS received),
    amount_fen  INTEGER NOT NULL CHECK (typeof(amount_fen) = 'integer' AND amount_fen >= 0),
    note        TEXT,
    voided_at   TEXT,
    void_reason TEXT
);

-- 表三: applications. One row per application; one outcome at most (a column, not a child table).
CREATE TABLE request (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES org(id),
    year           INTEGER NOT NULL,                    -- year of receipt, for the phone number 2023-007
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    received       TEXT NOT NULL CHECK (date(received, '+0 days') IS received),
    applicant_type TEXT NOT NULL CHECK (applicant_type IN
                       ('natural_person', 'business', 'research', 'public_interest', 'legal_service', 'other_org')),
    subject        TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    via            TEXT CHECK (via IS NULL OR via IN ('in_person', 'letter', 'online', 'fax', 'email')),
    outcome        TEXT CHECK (outcome IS NULL OR outcome IN (
                       'granted', 'partial',
                       'withheld.state_secret', 'withheld.prohibited_by_law', 'withheld.security_stability',
                       'withheld.third_party', 'withheld.internal_affairs', 'withheld.process_info',
                       'withheld.enforcement_file', 'withheld.inquiry_matter',
                       'unavailable.not_held', 'unavailable.needs_creation', 'unavailable.still_unclear',
                       'not_processed.petition', 'not_processed.duplicate', 'not_processed.publication',
                       'not_processed.excessive', 'not_processed.confirmation',
                       'other.no_correction', 'other.unpaid_fee', 'other.other')),
    closed         TEXT CHECK (closed IS NULL OR (date(closed, '+0 days') IS closed AND closed >= received)),
    voided_at      TEXT,
    void_reason    TEXT,
    CHECK ((outcome IS NULL) = (closed IS NULL)),
    CHECK (year = CAST(substr(received, 1, 4) AS INTEGER)),
    UNIQUE (org_id, year, seq)
);
CREATE INDEX request_received ON request(received);
CREATE INDEX request_open ON request(closed) WHERE closed IS NULL;

-- An outcome, once recorded, is changed only by reopening the application first (which is logged).
CREATE TRIGGER request_one_outcome BEFORE UPDATE OF outcome ON request
WHEN OLD.outcome IS NOT NULL AND NEW.outcome IS NOT NULL AND NEW.outcome IS NOT OLD.outcome
BEGIN
    SELECT RAISE(ABORT, '申请已有办理结果；如需更正，请先 disc request reopen');
END;

-- Personal data of applicants, kept apart from the application so it can be purged on its own.
CREATE TABLE request_personal (
    request_id INTEGER PRIMARY KEY REFERENCES request(id),
    name       TEXT,
    phone      TEXT,
    id_number  TEXT,
    address    TEXT,
    purged_at  TEXT
);

-- 表四: administrative reviews and lawsuits in which this body is the respondent.
CREATE TABLE legal_case (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    kind        TEXT NOT NULL CHECK (kind IN ('review', 'suit_direct', 'suit_after_review')),
    filed       TEXT NOT NULL CHECK (date(filed, '+0 days') IS filed),
    ref         TEXT,
    result      TEXT CHECK (result IS NULL OR result IN ('upheld', 'corrected', 'other')),
    decided     TEXT CHECK (decided IS NULL OR (date(decided, '+0 days') IS decided AND decided >= filed)),
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((result IS NULL) = (decided IS NULL))
);

-- The report's prose, per org, year and part; may hold placeholders such as {items.total}.
CREATE TABLE narrative (
    org_id     INTEGER NOT NULL REFERENCES org(id),
    year       INTEGER NOT NULL,
    part       TEXT NOT NULL CHECK (part IN ('一', '二', '三', '四', '五', '六')),
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, year, part)
);

CREATE TRIGGER document_no_delete BEFORE DELETE ON document
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER fee_receipt_no_delete BEFORE DELETE ON fee_receipt
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER request_no_delete BEFORE DELETE ON request
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER legal_case_no_delete BEFORE DELETE ON legal_case
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
