-- 0004: identity for roll-up merges (issue 6, `disc merge UNIT.db...`).
--
-- Every ledger gets a random identity in meta('uuid'); a record copied in from a unit's ledger keeps
-- where it came from: origin_ledger (the unit's uuid, or the first ledger it was recorded in when it
-- has travelled through several merges), origin_id (its id there) and origin_hash (a digest of its
-- values as last merged). The unique index makes a second merge of the same record find it instead
-- of adding it again; origin_hash tells "changed in the unit since the last merge" from "edited here
-- since", so a record changed on both sides is reported as a conflict instead of overwritten.
-- Records entered in this ledger itself keep NULL in all three columns.

INSERT INTO meta (key, value)
SELECT 'uuid', lower(hex(randomblob(16)))
WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'uuid');

ALTER TABLE item ADD COLUMN origin_ledger TEXT;
ALTER TABLE item ADD COLUMN origin_id INTEGER;
ALTER TABLE item ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX item_origin ON item(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE document ADD COLUMN origin_ledger TEXT;
ALTER TABLE document ADD COLUMN origin_id INTEGER;
ALTER TABLE document ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX document_origin ON document(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE decision ADD COLUMN origin_ledger TEXT;
ALTER TABLE decision ADD COLUMN origin_id INTEGER;
ALTER TABLE decision ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX decision_origin ON decision(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE fee_receipt ADD COLUMN origin_ledger TEXT;
ALTER TABLE fee_receipt ADD COLUMN origin_id INTEGER;
ALTER TABLE fee_receipt ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX fee_receipt_origin ON fee_receipt(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE request ADD COLUMN origin_ledger TEXT;
ALTER TABLE request ADD COLUMN origin_id INTEGER;
ALTER TABLE request ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX request_origin ON request(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE request_personal ADD COLUMN origin_ledger TEXT;
ALTER TABLE request_personal ADD COLUMN origin_id INTEGER;
ALTER TABLE request_personal ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX request_personal_origin ON request_personal(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE legal_case ADD COLUMN origin_ledger TEXT;
ALTER TABLE legal_case ADD COLUMN origin_id INTEGER;
ALTER TABLE legal_case ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX legal_case_origin ON legal_case(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE narrative ADD COLUMN origin_ledger TEXT;
ALTER TABLE narrative ADD COLUMN origin_id INTEGER;
ALTER TABLE narrative ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX narrative_origin ON narrative(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE request_correction ADD COLUMN origin_ledger TEXT;
ALTER TABLE request_correction ADD COLUMN origin_id INTEGER;
ALTER TABLE request_correction ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX request_correction_origin ON request_correction(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE request_extension ADD COLUMN origin_ledger TEXT;
ALTER TABLE request_extension ADD COLUMN origin_id INTEGER;
ALTER TABLE request_extension ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX request_extension_origin ON request_extension(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE request_pause ADD COLUMN origin_ledger TEXT;
ALTER TABLE request_pause ADD COLUMN origin_id INTEGER;
ALTER TABLE request_pause ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX request_pause_origin ON request_pause(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

ALTER TABLE request_fee ADD COLUMN origin_ledger TEXT;
ALTER TABLE request_fee ADD COLUMN origin_id INTEGER;
ALTER TABLE request_fee ADD COLUMN origin_hash TEXT;
CREATE UNIQUE INDEX request_fee_origin ON request_fee(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

-- The ledgers merged into this one: a copied file (same uuid, other org) is refused, and
-- `disc merge` can say when a unit was last brought in.
CREATE TABLE merge_source (
    uuid         TEXT PRIMARY KEY,
    org          TEXT NOT NULL,               -- the unit ledger's own org (meta 'org')
    file         TEXT NOT NULL,               -- file name as last merged
    first_merged TEXT NOT NULL,
    last_merged  TEXT NOT NULL,
    merges       INTEGER NOT NULL DEFAULT 1 CHECK (merges >= 1)
);
