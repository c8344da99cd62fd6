-- 0001: the published-items ledger (issue 2).
-- Constraints live here as well as in Python, so a ledger edited by other tools stays sound.
-- Dates: date(x, '+0 days') IS x accepts only real ISO dates (plain date() lets 2023-02-30 through).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE org (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    parent_id INTEGER REFERENCES org(id)
);

CREATE TABLE channel (
    code     TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9_]*'),
    label    TEXT NOT NULL UNIQUE CHECK (length(trim(label)) > 0),
    aliases  TEXT NOT NULL DEFAULT '',          -- separated by |
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE category (
    name     TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    aliases  TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE item (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    published   TEXT NOT NULL CHECK (date(published, '+0 days') IS published),
    channel     TEXT NOT NULL REFERENCES channel(code) ON UPDATE CASCADE,
    category    TEXT NOT NULL REFERENCES category(name) ON UPDATE CASCADE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    url         TEXT,
    count       INTEGER NOT NULL DEFAULT 1 CHECK (typeof(count) = 'integer' AND count >= 1),
    formed      TEXT CHECK (formed IS NULL OR date(formed, '+0 days') IS formed),  -- 信息形成或变更日期
    drafter     TEXT,   -- 三审: 起草
    reviewer    TEXT,   --       审核
    approver    TEXT,   --       签发
    note        TEXT,
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX item_published ON item(published);

-- Corrections leave a trail: every change, who made it, the values before and after.
CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    clerk     TEXT NOT NULL,
    action    TEXT NOT NULL,      -- add | edit | void | import | …
    entity    TEXT NOT NULL,      -- item | channel | category | …
    entity_id INTEGER,
    before    TEXT,               -- JSON
    after     TEXT,               -- JSON
    reason    TEXT
);

-- Nothing is hard-deleted: a mistaken item is voided, and the log is append-only.
CREATE TRIGGER item_no_delete BEFORE DELETE ON item
BEGIN
    SELECT RAISE(ABORT, '台账记录不能删除，请用 disc void 作废');
END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN
    SELECT RAISE(ABORT, '修改记录不能删除');
END;
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
    SELECT RAISE(ABORT, '修改记录不能改写');
END;
