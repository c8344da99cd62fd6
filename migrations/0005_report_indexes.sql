-- 0005: indexes that keep `disc stats`, `disc report` and `disc check` fast on a million items.

-- Items tally (一、总体情况): the GROUP BY channel, category reads this covering index in order,
-- with no table lookups and no sort. The query writes +published so the planner does not
-- prefer item_published (a range that then needs a temporary sort of the whole year).
CREATE INDEX item_tally ON item(org_id, channel, category, published, count) WHERE voided_at IS NULL;

-- L-REVIEW: items lacking a sign-off. disc stores a blank sign-off as NULL.
CREATE INDEX item_unsigned ON item(org_id, published)
    WHERE voided_at IS NULL AND (drafter IS NULL OR reviewer IS NULL OR approver IS NULL);
