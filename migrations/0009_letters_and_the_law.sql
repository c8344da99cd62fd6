-- 0009: letters a 复议机关 cannot fault (issue 20); see docs/letters.md.

-- 行政复议法 2023 第二十二条第二款: a decision delivered online must give the online channel for the
-- review application. The review body's channel (a URL or a platform's name), dated like the rest.
ALTER TABLE letter_settings ADD COLUMN review_online TEXT CHECK (review_online IS NULL OR length(trim(review_online)) > 0);

-- Steps of an application that a letter relies on and that are not letters themselves:
--   reasons_asked   条例第三十五条: the applicant was asked to explain the number or frequency of requests
--   reasons_given   the applicant's explanation arrived (detail: what it said, in brief)
--   consult_answer  条例第三十二条: a third party's answer (party: who; position: agrees | objects)
CREATE TABLE request_event (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request(id),
    kind        TEXT NOT NULL CHECK (kind IN ('reasons_asked', 'reasons_given', 'consult_answer')),
    day         TEXT NOT NULL CHECK (date(day, '+0 days') IS day),
    party       TEXT,    -- the third party (may be a person: masked in every output, never logged)
    position    TEXT CHECK (position IS NULL OR position IN ('agrees', 'objects')),
    detail      TEXT,
    recorded_at TEXT NOT NULL,
    clerk       TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    origin_ledger TEXT,
    origin_id     INTEGER,
    origin_hash   TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    CHECK ((kind = 'consult_answer') = (position IS NOT NULL))
);
CREATE INDEX request_event_request ON request_event(request_id);
CREATE UNIQUE INDEX request_event_origin ON request_event(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;
CREATE TRIGGER request_event_no_delete BEFORE DELETE ON request_event
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;

-- 条例第四十一条: a request to correct a government record about oneself. Not a disclosure application
-- (not counted in table 三); its answer: corrected, forwarded to the body that may correct it, told
-- to apply to that body, or refused — always with reasons.
CREATE TABLE record_correction (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    received    TEXT NOT NULL CHECK (date(received, '+0 days') IS received),
    subject     TEXT NOT NULL CHECK (length(trim(subject)) > 0),   -- which record, what is wrong
    evidence    TEXT,                                              -- what the applicant proved it with
    result      TEXT CHECK (result IS NULL OR result IN ('corrected', 'forwarded', 'told', 'refused')),
    answered    TEXT CHECK (answered IS NULL OR (date(answered, '+0 days') IS answered AND answered >= received)),
    holder      TEXT,    -- the body that may correct it (forwarded / told)
    reasons     TEXT,
    voided_at   TEXT,
    void_reason TEXT,
    origin_ledger TEXT,
    origin_id     INTEGER,
    origin_hash   TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    CHECK ((result IS NULL) = (answered IS NULL)),
    CHECK (result IS NULL OR (reasons IS NOT NULL AND length(trim(reasons)) > 0)),
    CHECK (result NOT IN ('forwarded', 'told') OR (holder IS NOT NULL AND length(trim(holder)) > 0))
);
CREATE UNIQUE INDEX record_correction_origin ON record_correction(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;
CREATE TRIGGER record_correction_no_delete BEFORE DELETE ON record_correction
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
-- the personal data of a 第四十一条 request lives apart, like an applicant's
CREATE TABLE record_correction_personal (
    correction_id INTEGER PRIMARY KEY REFERENCES record_correction(id),
    name      TEXT,
    phone     TEXT,
    id_number TEXT,
    address   TEXT,
    purged_at TEXT
);
