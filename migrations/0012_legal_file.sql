-- disc: foreign keys off
-- disc: checks from vocab
-- 0012: the clerk's calendar and legal file (issue 25).
--
-- (First line: foreign keys off around this file, SQLite's procedure for rebuilding a table. Second:
-- after the statements below, the CHECK lists that vocab's design cards hold — letter kinds, request
-- event kinds — are brought to the cards' lists by ledger/checks.py, which rebuilds a table whose
-- list differs with sqlite-utils' table.transform and puts its triggers back.)

-- A case tied to the application it arose from; the respondent's dates: the copy of the review
-- application or of the complaint received (the answer is due 10 days after it: 行政复议法 2023
-- 第四十八条, working days by 第八十八条; 行政诉讼法 第六十七条: 15 days), and the answer submitted.
-- The decision as the law names it (vocab.CASE_DECISION_SPECS), which gives the 表四 column; a
-- result that differs from the decision's column needs a reason.
ALTER TABLE legal_case ADD COLUMN request_id INTEGER REFERENCES request(id);
ALTER TABLE legal_case ADD COLUMN served TEXT CHECK (served IS NULL OR date(served, '+0 days') IS served);
ALTER TABLE legal_case ADD COLUMN answered TEXT CHECK (answered IS NULL OR date(answered, '+0 days') IS answered);
ALTER TABLE legal_case ADD COLUMN decision TEXT CHECK (decision IS NULL OR length(decision) > 0);
ALTER TABLE legal_case ADD COLUMN result_reason TEXT;
CREATE INDEX legal_case_request ON legal_case(request_id) WHERE request_id IS NOT NULL;

-- 条例第三十五条: having found the applicant's reasons reasonable, the body may set a reasonable later
-- date for the answer and tell the applicant (a request_event 'delay_set' with that date).
ALTER TABLE request_event ADD COLUMN until TEXT CHECK (until IS NULL OR date(until, '+0 days') IS until);
-- An extension approved after the deadline it extends is refused unless the clerk says why.
ALTER TABLE request_extension ADD COLUMN late_reason TEXT;

-- 送达: how and when a letter reached its addressee. It starts the applicant's remedy periods and is
-- the first thing a review body asks. One standing record per letter; a correction voids it.
CREATE TABLE delivery (
    id          INTEGER PRIMARY KEY,
    letter_id   INTEGER NOT NULL REFERENCES letter(id),
    day         TEXT NOT NULL CHECK (date(day, '+0 days') IS day),
    method      TEXT NOT NULL CHECK (method IN ('online', 'email', 'post', 'in_person', 'fax')),
    detail      TEXT,     -- a tracking number, who signed for it
    recorded_at TEXT NOT NULL,
    clerk       TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
-- (not merged into a district's ledger, like the letters themselves)
CREATE UNIQUE INDEX delivery_one ON delivery(letter_id) WHERE voided_at IS NULL;
CREATE TRIGGER delivery_no_delete BEFORE DELETE ON delivery
BEGIN SELECT RAISE(ABORT, '台账记录不能删除，请作废'); END;

-- Letters addressed to someone other than the applicant (a third party, a co-making organ): one
-- standing letter per addressee; the others one per application. An addressee erased with the
-- personal data no longer counts as a name.
DROP INDEX letter_one;
DROP INDEX letter_consult_one;
CREATE UNIQUE INDEX letter_one ON letter(request_id, kind)
    WHERE voided_at IS NULL AND kind NOT IN ('consult', 'disclose_notice', 'co_maker');
CREATE UNIQUE INDEX letter_addressed_one ON letter(request_id, kind, addressee)
    WHERE voided_at IS NULL AND kind IN ('consult', 'disclose_notice', 'co_maker') AND addressee IS NOT NULL;
