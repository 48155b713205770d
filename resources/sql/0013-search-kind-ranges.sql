-- The search index's rowid was id * 16 + kind: the records of one kind were
-- spread over the whole index, and search as you type over contacts read the
-- matches of every deal and activity too (a one-letter search on a million
-- contacts read 1.5 million index entries to keep 300,000). The kind now sits
-- in the high bits, rowid = (kind << 40) + id, so one kind is one rowid range
-- and FTS5 seeks straight to it. Kinds as before: lead 1, contact 2,
-- company 3, deal 4, activity 5, product 6, invoice 7.
--
-- A record is indexed again when a column of its text changes (or its phones,
-- e-mails, products or lines: those touch its id), not on every update:
-- a deal moved on the board, its rank or the stage it reached, a contact's
-- merge or photo left the index alone, yet each re-wrote an index entry,
-- and reordering the stages of a pipeline re-wrote one per deal.
--
-- Ё is indexed as Е, as most Russian text is typed: "Семенов" finds
-- "Семёнов" and the other way round (a search folds it the same way).
--
-- The index also stops keeping where in a record each word stands
-- (detail=none): searches are words and prefixes, never phrases, and a
-- letter every record has a word for ("e" of every e-mail at example.com)
-- read a million position lists along with the million rowids.

DROP VIEW contacts_search_body;
CREATE VIEW contacts_search_body (id, body) AS SELECT t.id, replace(replace(
  coalesce(t.first_name, '') || ' ' || coalesce(t.middle_name, '') || ' ' || coalesce(t.last_name, '') || ' ' || coalesce(t.position, '') || ' ' || coalesce(t.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'contact' AND owner_id = t.id), ''), 'ё', 'е'), 'Ё', 'Е')
FROM contacts t;

DROP VIEW companies_search_body;
CREATE VIEW companies_search_body (id, body) AS SELECT t.id, replace(replace(
  coalesce(t.name, '') || ' ' || coalesce(t.industry, '') || ' ' || coalesce(t.tax_id, '') || ' ' || coalesce(t.address, '') || ' ' || coalesce(t.website, '') || ' ' || coalesce(t.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'company' AND owner_id = t.id), ''), 'ё', 'е'), 'Ё', 'Е')
FROM companies t;

DROP TRIGGER activities_search_delete;
CREATE TRIGGER activities_search_delete AFTER DELETE ON activities BEGIN
  DELETE FROM search_index WHERE rowid = (5 << 40) + old.id;
END;

DROP TRIGGER activities_search_insert;
CREATE TRIGGER activities_search_insert AFTER INSERT ON activities BEGIN
  INSERT INTO search_index (rowid, body) VALUES ((5 << 40) + new.id, replace(replace(
    coalesce(new.subject, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.location, '') || ' ' || coalesce(new.result, ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER activities_search_update;
CREATE TRIGGER activities_search_update AFTER UPDATE OF id, subject, description, location, result
ON activities BEGIN
  DELETE FROM search_index WHERE rowid = (5 << 40) + old.id;
  INSERT INTO search_index (rowid, body) VALUES ((5 << 40) + new.id, replace(replace(
    coalesce(new.subject, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.location, '') || ' ' || coalesce(new.result, ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER companies_search_delete;
CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = (3 << 40) + old.id;
END;

DROP TRIGGER companies_search_insert;
CREATE TRIGGER companies_search_insert AFTER INSERT ON companies
WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
  INSERT INTO search_index (rowid, body) SELECT (3 << 40) + id, body FROM companies_search_body
    WHERE id = new.id;
END;

DROP TRIGGER companies_search_update;
CREATE TRIGGER companies_search_update AFTER UPDATE OF id, name, industry, tax_id, address, website, comment
ON companies BEGIN
  DELETE FROM search_index WHERE rowid = (3 << 40) + old.id;
  INSERT INTO search_index (rowid, body) SELECT (3 << 40) + id, body FROM companies_search_body
    WHERE id = new.id;
END;

DROP TRIGGER contacts_search_delete;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = (2 << 40) + old.id;
END;

DROP TRIGGER contacts_search_insert;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts
WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
  INSERT INTO search_index (rowid, body) SELECT (2 << 40) + id, body FROM contacts_search_body
    WHERE id = new.id;
END;

DROP TRIGGER contacts_search_update;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF id, first_name, middle_name, last_name, position, comment
ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = (2 << 40) + old.id;
  INSERT INTO search_index (rowid, body) SELECT (2 << 40) + id, body FROM contacts_search_body
    WHERE id = new.id;
END;

DROP TRIGGER deals_search_delete;
CREATE TRIGGER deals_search_delete AFTER DELETE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = (4 << 40) + old.id;
END;

DROP TRIGGER deals_search_insert;
CREATE TRIGGER deals_search_insert AFTER INSERT ON deals BEGIN
  INSERT INTO search_index (rowid, body) VALUES ((4 << 40) + new.id, replace(replace(
    coalesce(new.title, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce(new.responsible, ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER deals_search_update;
CREATE TRIGGER deals_search_update AFTER UPDATE OF id, title, comment, responsible
ON deals BEGIN
  DELETE FROM search_index WHERE rowid = (4 << 40) + old.id;
  INSERT INTO search_index (rowid, body) VALUES ((4 << 40) + new.id, replace(replace(
    coalesce(new.title, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce(new.responsible, '')
    || ' ' || coalesce((SELECT group_concat(p.name, ' ') FROM deal_products p
                        WHERE p.deal_id = new.id AND p.deleted_at IS NULL), ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER invoices_search_delete;
CREATE TRIGGER invoices_search_delete AFTER DELETE ON invoices BEGIN
  DELETE FROM search_index WHERE rowid = (7 << 40) + old.id;
END;

DROP TRIGGER invoices_search_insert;
CREATE TRIGGER invoices_search_insert AFTER INSERT ON invoices BEGIN
  INSERT INTO search_index (rowid, body) VALUES ((7 << 40) + new.id, replace(replace(
    coalesce(new.number, '') || ' ' || coalesce(new.comment, ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER invoices_search_update;
CREATE TRIGGER invoices_search_update AFTER UPDATE OF id, number, comment
ON invoices BEGIN
  DELETE FROM search_index WHERE rowid = (7 << 40) + old.id;
  INSERT INTO search_index (rowid, body) VALUES ((7 << 40) + new.id, replace(replace(
    coalesce(new.number, '') || ' ' || coalesce(new.comment, '')
    || ' ' || coalesce((SELECT group_concat(l.name, ' ') FROM invoice_lines l
                        WHERE l.invoice_id = new.id AND l.deleted_at IS NULL), ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER leads_search_delete;
CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
  DELETE FROM search_index WHERE rowid = (1 << 40) + old.id;
END;

DROP TRIGGER leads_search_insert;
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads BEGIN
  INSERT INTO search_index (rowid, body) VALUES ((1 << 40) + new.id, replace(replace(
    coalesce(new.title, '') || ' ' || coalesce(new.first_name, '') || ' ' || coalesce(new.middle_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.company_name, '') || ' ' || coalesce(new.position, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'lead' AND owner_id = new.id), ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER leads_search_update;
CREATE TRIGGER leads_search_update AFTER UPDATE OF id, title, first_name, middle_name, last_name, company_name, position, comment
ON leads BEGIN
  DELETE FROM search_index WHERE rowid = (1 << 40) + old.id;
  INSERT INTO search_index (rowid, body) VALUES ((1 << 40) + new.id, replace(replace(
    coalesce(new.title, '') || ' ' || coalesce(new.first_name, '') || ' ' || coalesce(new.middle_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.company_name, '') || ' ' || coalesce(new.position, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'lead' AND owner_id = new.id), ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER products_search_delete;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
  DELETE FROM search_index WHERE rowid = (6 << 40) + old.id;
END;

DROP TRIGGER products_search_insert;
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
  INSERT INTO search_index (rowid, body) VALUES ((6 << 40) + new.id, replace(replace(
    coalesce(new.name, '') || ' ' || coalesce(new.sku, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.section, ''), 'ё', 'е'), 'Ё', 'Е'));
END;

DROP TRIGGER products_search_update;
CREATE TRIGGER products_search_update AFTER UPDATE OF id, name, sku, description, section
ON products BEGIN
  DELETE FROM search_index WHERE rowid = (6 << 40) + old.id;
  INSERT INTO search_index (rowid, body) VALUES ((6 << 40) + new.id, replace(replace(
    coalesce(new.name, '') || ' ' || coalesce(new.sku, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.section, ''), 'ё', 'е'), 'Ё', 'Е'));
END;

-- The entries move to their new rowids in rowid order
CREATE TEMP TABLE search_move AS
  SELECT ((rowid & 15) << 40) + (rowid >> 4) AS r,
         replace(replace(body, 'ё', 'е'), 'Ё', 'Е') AS body
  FROM search_index;
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
  body,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '1 2 3',
  detail = none
);
INSERT INTO search_index (rowid, body) SELECT r, body FROM search_move ORDER BY r;
DROP TABLE search_move;
