-- 0006: letters to applicants and third parties (issue 12): reply letters (答复书) and process
-- notices (登记回执、补正通知书、延期答复告知书、收费通知书、第三方意见征询函), the per-unit settings
-- they need, and a unit's own templates.
--
-- A letter, once issued, is stored as issued (content: JSON, without the applicant's personal data,
-- which is read from request_personal when the letter is printed) and keeps its number for ever:
-- it can be voided (and a new one issued) but never deleted, rewritten or renumbered.

-- Dated settings of a unit: the letter dated D uses the row with the latest since <= D. The review
-- body changes with the law and with the unit (行政复议法 2023 revision in force 2024-01-01), so it
-- is data with a start date, never text in a template.
CREATE TABLE letter_settings (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES org(id),
    since         TEXT NOT NULL CHECK (date(since, '+0 days') IS since),   -- 0001-01-01: from the start
    issuer        TEXT CHECK (issuer IS NULL OR length(trim(issuer)) > 0),  -- name on the letter; NULL: the org's name
    review_body   TEXT NOT NULL CHECK (length(trim(review_body)) > 0),      -- 行政复议机关
    court         TEXT NOT NULL CHECK (length(trim(court)) > 0),            -- 行政诉讼 court
    letter_prefix TEXT NOT NULL CHECK (length(trim(letter_prefix)) > 0),    -- <prefix>〔YYYY〕N号
    address       TEXT,
    phone         TEXT,
    recorded_at   TEXT NOT NULL,
    UNIQUE (org_id, since)
);

-- A unit's own wording for a kind of letter; placeholders are validated when it is stored.
CREATE TABLE letter_template (
    org_id     INTEGER NOT NULL REFERENCES org(id),
    kind       TEXT NOT NULL CHECK (kind IN ('reply', 'receipt', 'correction', 'extension', 'fee', 'consult')),
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, kind)
);

CREATE TABLE letter (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    request_id  INTEGER NOT NULL REFERENCES request(id),
    kind        TEXT NOT NULL CHECK (kind IN ('reply', 'receipt', 'correction', 'extension', 'fee', 'consult')),
    year        INTEGER NOT NULL,                     -- year of the letter's date: 〔YYYY〕
    seq         INTEGER NOT NULL CHECK (typeof(seq) = 'integer' AND seq >= 1),
    number      TEXT NOT NULL CHECK (length(trim(number)) > 0),
    dated       TEXT NOT NULL CHECK (date(dated, '+0 days') IS dated),
    outcome     TEXT CHECK (outcome IS NULL OR kind = 'reply'),  -- the outcome a reply letter states
    addressee   TEXT,            -- the third party of a consultation letter (may be a person: never logged)
    content     TEXT NOT NULL,   -- the letter as issued (JSON), without the applicant's personal data
    issued_at   TEXT NOT NULL,
    clerk       TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    CHECK (year = CAST(substr(dated, 1, 4) AS INTEGER)),
    UNIQUE (org_id, year, seq)   -- a number is never given twice, whatever two processes do
);
CREATE INDEX letter_request ON letter(request_id);
CREATE INDEX letter_dated ON letter(org_id, dated);
-- one standing letter of a kind per application; consultation letters: one per third party
CREATE UNIQUE INDEX letter_one ON letter(request_id, kind) WHERE voided_at IS NULL AND kind <> 'consult';
CREATE UNIQUE INDEX letter_consult_one ON letter(request_id, coalesce(addressee, ''))
    WHERE voided_at IS NULL AND kind = 'consult';

CREATE TRIGGER letter_settings_no_delete BEFORE DELETE ON letter_settings
BEGIN SELECT RAISE(ABORT, '台账记录不能删除'); END;
CREATE TRIGGER letter_no_delete BEFORE DELETE ON letter
BEGIN SELECT RAISE(ABORT, '已出具的文书不能删除；如有错误请作废后重新出具'); END;
-- an issued letter is what the applicant received: only voiding it is possible
CREATE TRIGGER letter_fixed BEFORE UPDATE OF org_id, request_id, kind, year, seq, number, dated, outcome, content,
    issued_at, clerk ON letter
BEGIN SELECT RAISE(ABORT, '已出具的文书不能改写；如有错误请作废后重新出具'); END;
-- the third party's name may only be erased (personal data), never changed
CREATE TRIGGER letter_addressee_fixed BEFORE UPDATE OF addressee ON letter
WHEN NEW.addressee IS NOT NULL AND NEW.addressee IS NOT OLD.addressee
BEGIN SELECT RAISE(ABORT, '已出具的文书不能改写；如有错误请作废后重新出具'); END;
