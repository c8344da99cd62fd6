-- disc: foreign keys off
-- 0010: the district, right (issue 21).
--
-- (The first line tells the migration runner to switch foreign keys off around this file, as
-- SQLite's own procedure for rebuilding a table requires, and to run foreign_key_check before the
-- commit: the ids do not change, so every reference stays valid.)

-- Units are told apart by identity and by their place in the tree, not by name alone: two 南街街道
-- under two districts are two units. A name is unique among the units of one parent (and among
-- the top-level units); a merged unit keeps the identity of the ledger it came from.
CREATE TABLE org_new (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    parent_id       INTEGER REFERENCES org(id),
    report_deadline TEXT
        CHECK (report_deadline IS NULL OR (report_deadline GLOB '[01][0-9]-[0-3][0-9]'
               AND date('2000-' || report_deadline, '+0 days') IS '2000-' || report_deadline)),
    origin_ledger   TEXT,     -- the unit ledger this org came from (meta uuid), NULL: this ledger's own
    origin_id       INTEGER   -- its id there
);
INSERT INTO org_new (id, name, parent_id, report_deadline) SELECT id, name, parent_id, report_deadline FROM org;
DROP TABLE org;
ALTER TABLE org_new RENAME TO org;
CREATE UNIQUE INDEX org_name_under_parent ON org(parent_id, name) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX org_name_at_top ON org(name) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX org_origin ON org(origin_ledger, origin_id) WHERE origin_ledger IS NOT NULL;

-- Channels by kind: the assessors' rules differ (websites and new media: 2 weeks; notice boards:
-- a period of the district's own). Custom channels are 'other' until the clerk says.
ALTER TABLE channel ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('website', 'new_media', 'board', 'other'));
UPDATE channel SET kind = CASE code WHEN 'portal' THEN 'website' WHEN 'wechat' THEN 'new_media'
                                    WHEN 'board' THEN 'board' ELSE kind END;
