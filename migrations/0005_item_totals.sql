-- 0005: running totals of published items per org, month, channel and category.
--
-- `disc stats`, `disc report` and `disc check` read these few hundred rows instead of summing a
-- million items (一、总体情况 and L-REVIEW). Triggers keep them exact on every insert and update
-- (items are never deleted); `disc import` suspends the insert trigger for its bulk insert and adds
-- the imported rows in one GROUP BY before it commits. `unsigned` counts items lacking one of the
-- 三审 sign-offs (disc stores a blank sign-off as NULL).
CREATE TABLE item_total (
    org_id   INTEGER NOT NULL REFERENCES org(id),
    month    TEXT NOT NULL,      -- YYYY-MM of published
    channel  TEXT NOT NULL,
    category TEXT NOT NULL,
    total    INTEGER NOT NULL,   -- sum of count over items not voided
    unsigned INTEGER NOT NULL,   -- items not voided lacking a sign-off
    PRIMARY KEY (org_id, month, channel, category)
) WITHOUT ROWID;

INSERT INTO item_total (org_id, month, channel, category, total, unsigned)
SELECT org_id, substr(published, 1, 7), channel, category, sum(count),
       sum(drafter IS NULL OR reviewer IS NULL OR approver IS NULL)
FROM item WHERE voided_at IS NULL GROUP BY 1, 2, 3, 4;

CREATE TRIGGER item_total_insert AFTER INSERT ON item WHEN NEW.voided_at IS NULL
BEGIN
    INSERT INTO item_total (org_id, month, channel, category, total, unsigned)
    VALUES (NEW.org_id, substr(NEW.published, 1, 7), NEW.channel, NEW.category, NEW.count,
            NEW.drafter IS NULL OR NEW.reviewer IS NULL OR NEW.approver IS NULL)
    ON CONFLICT DO UPDATE SET total = total + excluded.total, unsigned = unsigned + excluded.unsigned;
END;

CREATE TRIGGER item_total_update AFTER UPDATE ON item
BEGIN
    UPDATE item_total
       SET total = total - OLD.count,
           unsigned = unsigned - (OLD.drafter IS NULL OR OLD.reviewer IS NULL OR OLD.approver IS NULL)
     WHERE OLD.voided_at IS NULL AND org_id = OLD.org_id AND month = substr(OLD.published, 1, 7)
       AND channel = OLD.channel AND category = OLD.category;
    INSERT INTO item_total (org_id, month, channel, category, total, unsigned)
    SELECT NEW.org_id, substr(NEW.published, 1, 7), NEW.channel, NEW.category, NEW.count,
           NEW.drafter IS NULL OR NEW.reviewer IS NULL OR NEW.approver IS NULL
     WHERE NEW.voided_at IS NULL
    ON CONFLICT DO UPDATE SET total = total + excluded.total, unsigned = unsigned + excluded.unsigned;
END;
