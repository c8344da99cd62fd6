-- 0008: nothing lost, nothing leaked, nothing wrong (issue 19).

-- Purged personal data is remembered only as salted hashes (the salt is meta 'personal_salt'), so a
-- name erased by `disc request purge-personal` stays masked wherever it was or will be typed.
CREATE TABLE purged_value (
    length INTEGER NOT NULL CHECK (length >= 2),  -- characters of the folded value
    digest BLOB NOT NULL,
    PRIMARY KEY (length, digest)
) WITHOUT ROWID;

-- A seal over each row of the change log and each frozen publication (disc_seal, a function disc
-- registers on its connections): `disc check` recomputes them and names a row rewritten from
-- outside disc. A publication's seal holds one hash per field, so the altered field can be named.
ALTER TABLE change_log ADD COLUMN seal TEXT;
ALTER TABLE publication ADD COLUMN records_digest TEXT;
ALTER TABLE publication ADD COLUMN seal TEXT;

DROP TRIGGER change_log_no_update;
UPDATE change_log SET seal = disc_seal_log(id, at, clerk, action, entity, entity_id, before, after, reason);
-- the purge masks what an applicant's name left in the log's copies of free text, and re-seals the row
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'purging')
BEGIN
    SELECT RAISE(ABORT, '修改记录不能改写');
END;

UPDATE publication SET records_digest = (
    SELECT disc_records_digest(group_concat(kind || char(31) || record_id || char(31) || state, char(30)))
      FROM (SELECT kind, record_id, state FROM publication_record r WHERE r.publication_id = publication.id
            ORDER BY kind, record_id)
) WHERE origin_ledger IS NULL;
DROP TRIGGER publication_fixed;
UPDATE publication SET seal = disc_seal_publication(year, rollup, published, url, cells, hashes, recorded_at, clerk,
                                                    records_digest);
CREATE TRIGGER publication_fixed BEFORE UPDATE ON publication
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.year IS NOT OLD.year OR NEW.rollup IS NOT OLD.rollup
  OR NEW.published IS NOT OLD.published OR NEW.url IS NOT OLD.url OR NEW.cells IS NOT OLD.cells
  OR NEW.hashes IS NOT OLD.hashes OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.clerk IS NOT OLD.clerk
  OR NEW.records_digest IS NOT OLD.records_digest OR NEW.seal IS NOT OLD.seal
BEGIN SELECT RAISE(ABORT, '已发布的年度报告记录不能改写；重新发布请用 disc report publish --replace'); END;

-- An issued letter stays as it was sent, except that a purge masks the personal data typed into it.
DROP TRIGGER letter_fixed;
CREATE TRIGGER letter_fixed BEFORE UPDATE OF org_id, request_id, kind, year, seq, number, dated, outcome, content,
    issued_at, clerk ON letter
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.request_id IS NOT OLD.request_id OR NEW.kind IS NOT OLD.kind
  OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq OR NEW.number IS NOT OLD.number OR NEW.dated IS NOT OLD.dated
  OR NEW.outcome IS NOT OLD.outcome OR NEW.issued_at IS NOT OLD.issued_at OR NEW.clerk IS NOT OLD.clerk
  OR (NEW.content IS NOT OLD.content AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'purging'))
BEGIN SELECT RAISE(ABORT, '已出具的文书不能改写；如有错误请作废后重新出具'); END;

-- INSERT OR REPLACE deletes the row it collides with without running its DELETE triggers: a frozen
-- or undeletable row could be rewritten from the sqlite3 shell. Refused before the replace happens.
CREATE TRIGGER change_log_no_replace BEFORE INSERT ON change_log
WHEN EXISTS (SELECT 1 FROM change_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '修改记录不能改写'); END;
CREATE TRIGGER publication_no_replace BEFORE INSERT ON publication
WHEN EXISTS (SELECT 1 FROM publication WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '已发布的年度报告记录不能改写；重新发布请用 disc report publish --replace'); END;
CREATE TRIGGER publication_record_no_replace BEFORE INSERT ON publication_record
WHEN EXISTS (SELECT 1 FROM publication_record WHERE publication_id = NEW.publication_id AND kind = NEW.kind
             AND record_id = NEW.record_id)
BEGIN SELECT RAISE(ABORT, '已发布的年度报告记录不能改写'); END;
CREATE TRIGGER letter_no_replace BEFORE INSERT ON letter
WHEN EXISTS (SELECT 1 FROM letter WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '已出具的文书不能改写；如有错误请作废后重新出具'); END;
CREATE TRIGGER item_no_replace BEFORE INSERT ON item
WHEN EXISTS (SELECT 1 FROM item WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '台账记录不能删除或覆盖，请用 disc edit 修改或 disc void 作废'); END;
CREATE TRIGGER document_no_replace BEFORE INSERT ON document
WHEN EXISTS (SELECT 1 FROM document WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '台账记录不能删除或覆盖，请作废'); END;
CREATE TRIGGER decision_no_replace BEFORE INSERT ON decision
WHEN EXISTS (SELECT 1 FROM decision WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '台账记录不能删除或覆盖，请作废'); END;
CREATE TRIGGER fee_receipt_no_replace BEFORE INSERT ON fee_receipt
WHEN EXISTS (SELECT 1 FROM fee_receipt WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '台账记录不能删除或覆盖，请作废'); END;
CREATE TRIGGER request_no_replace BEFORE INSERT ON request
WHEN EXISTS (SELECT 1 FROM request WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '台账记录不能删除或覆盖，请作废'); END;
CREATE TRIGGER legal_case_no_replace BEFORE INSERT ON legal_case
WHEN EXISTS (SELECT 1 FROM legal_case WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, '台账记录不能删除或覆盖，请作废'); END;

-- The same 文号 entered twice is counted twice in 表二/表四: refused on entry unless the clerk marks
-- the second as a deliberate re-entry (the reason is kept); `disc check` reports older duplicates.
ALTER TABLE document ADD COLUMN duplicate_reason TEXT;
ALTER TABLE decision ADD COLUMN duplicate_reason TEXT;
ALTER TABLE legal_case ADD COLUMN duplicate_reason TEXT;
