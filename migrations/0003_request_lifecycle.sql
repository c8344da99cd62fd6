-- 0003: the life of an application between receipt and answer (issue 4): the ledger's own
-- working-day calendar, 补正, extension, pauses and 信息处理费.
-- Nothing is hard-deleted: a mistaken row is voided (voided_at + void_reason) and the change is logged.

-- Days the ledger states as off or working: the State Council's yearly notice (imported) or a local
-- rule (added by hand). They win over chinesecalendar; a year with at least one row counts as known.
CREATE TABLE holiday (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL CHECK (date(day) IS day),
    working     INTEGER NOT NULL CHECK (working IN (0, 1)),
    reason      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL CHECK (source IN ('notice', 'manual')),
    recorded_at TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
-- one standing statement per day; a new one voids the old one first
CREATE UNIQUE INDEX holiday_day ON holiday(day) WHERE voided_at IS NULL;

-- L-LATE-PUBLISH (条例第二十六条) looks only at items with a formed date: keep them findable among a million
CREATE INDEX item_formed ON item(published) WHERE formed IS NOT NULL;

-- 补正 (条例第三十条): one notice per application ("一次性告知"), then the day the 补正 arrived.
CREATE TABLE request_correction (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request(id),
    sent        TEXT CHECK (sent IS NULL OR date(sent) IS sent),
    received    TEXT CHECK (received IS NULL OR date(received) IS received),
    recorded_at TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK (sent IS NOT NULL OR received IS NOT NULL),
    CHECK (sent IS NULL OR received IS NULL OR received >= sent),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX request_correction_one ON request_correction(request_id) WHERE voided_at IS NULL;

-- Extension (条例第三十三条第二款): once, at most 20 working days, approved by the head of the office.
CREATE TABLE request_extension (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request(id),
    days        INTEGER NOT NULL CHECK (typeof(days) = 'integer' AND days BETWEEN 1 AND 20),
    approved_by TEXT NOT NULL CHECK (length(trim(approved_by)) > 0),
    decided     TEXT CHECK (decided IS NULL OR date(decided) IS decided),
    recorded_at TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX request_extension_one ON request_extension(request_id) WHERE voided_at IS NULL;

-- Time that does not count (条例第三十二—三十四条: third-party / other-agency consultation).
-- end_day NULL: still running. Inclusive on both ends.
CREATE TABLE request_pause (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request(id),
    start_day   TEXT NOT NULL CHECK (date(start_day) IS start_day),
    end_day     TEXT CHECK (end_day IS NULL OR (date(end_day) IS end_day AND end_day >= start_day)),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX request_pause_request ON request_pause(request_id);
CREATE UNIQUE INDEX request_pause_one_open ON request_pause(request_id) WHERE end_day IS NULL AND voided_at IS NULL;

-- 信息处理费 (国办函〔2020〕109号): one method per application, never both; amount computed by disc, in 分.
-- method item (按件): pieces = this application's place among the applicant's applications that
-- calendar month; method page (按量): pages. The time from notice to payment does not count.
CREATE TABLE request_fee (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request(id),
    method      TEXT NOT NULL CHECK (method IN ('item', 'page')),
    pieces      INTEGER CHECK (pieces IS NULL OR (typeof(pieces) = 'integer' AND pieces >= 1)),
    pages       INTEGER CHECK (pages IS NULL OR (typeof(pages) = 'integer' AND pages >= 1)),
    amount_fen  INTEGER NOT NULL CHECK (typeof(amount_fen) = 'integer' AND amount_fen > 0),
    notice      TEXT NOT NULL CHECK (date(notice) IS notice),
    paid        TEXT CHECK (paid IS NULL OR (date(paid) IS paid AND paid >= notice)),
    recorded_at TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((method = 'item' AND pieces IS NOT NULL AND pages IS NULL)
        OR (method = 'page' AND pages IS NOT NULL AND pieces IS NULL)),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX request_fee_one ON request_fee(request_id) WHERE voided_at IS NULL;
CREATE INDEX request_fee_paid ON request_fee(paid);

CREATE TRIGGER holiday_no_delete BEFORE DELETE ON holiday
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER request_correction_no_delete BEFORE DELETE ON request_correction
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER request_extension_no_delete BEFORE DELETE ON request_extension
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER request_pause_no_delete BEFORE DELETE ON request_pause
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;
CREATE TRIGGER request_fee_no_delete BEFORE DELETE ON request_fee
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;

-- a fee once computed is not rewritten: only its payment date may be filled in (or the row voided)
CREATE TRIGGER request_fee_fixed BEFORE UPDATE OF method, pieces, pages, amount_fen, notice, request_id ON request_fee
BEGIN SELECT RAISE(ABORT, '信息处理费一经登记不能改写；如有错误请作废后重新登记'); END;
