-- Search bodies in one place, and a switch that lets a big import index its
-- records in bulk.
--
-- The text indexed for a contact or a company is defined once, by the views
-- below; the triggers and the import both read it from there.
--
-- While search_paused has a row, inserting a contact, a company or a phone or
-- e-mail does not touch the search index: an import writes its records first
-- and indexes them a few thousand at a time from the views, instead of one
-- index write per record and per phone (FTS5 flushes its pending terms at
-- every statement). The row only ever exists inside the import's own write
-- transaction: other connections never see it, and a crash rolls it back.

CREATE TABLE search_paused (
  reason TEXT PRIMARY KEY
);

CREATE VIEW contacts_search_body (id, body) AS SELECT t.id,
  coalesce(t.first_name, '') || ' ' || coalesce(t.middle_name, '') || ' ' || coalesce(t.last_name, '') || ' ' || coalesce(t.position, '') || ' ' || coalesce(t.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'contact' AND owner_id = t.id), '')
FROM contacts t;

CREATE VIEW companies_search_body (id, body) AS SELECT t.id,
  coalesce(t.name, '') || ' ' || coalesce(t.industry, '') || ' ' || coalesce(t.tax_id, '') || ' ' || coalesce(t.address, '') || ' ' || coalesce(t.website, '') || ' ' || coalesce(t.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'company' AND owner_id = t.id), '')
FROM companies t;

DROP TRIGGER contacts_search_insert;
DROP TRIGGER contacts_search_update;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts
WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
  INSERT INTO search_index (rowid, body) SELECT id * 16 + 2, body FROM contacts_search_body
    WHERE id = new.id;
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 2;
  INSERT INTO search_index (rowid, body) SELECT id * 16 + 2, body FROM contacts_search_body
    WHERE id = new.id;
END;

DROP TRIGGER companies_search_insert;
DROP TRIGGER companies_search_update;
CREATE TRIGGER companies_search_insert AFTER INSERT ON companies
WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
  INSERT INTO search_index (rowid, body) SELECT id * 16 + 3, body FROM companies_search_body
    WHERE id = new.id;
END;
CREATE TRIGGER companies_search_update AFTER UPDATE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
  INSERT INTO search_index (rowid, body) SELECT id * 16 + 3, body FROM companies_search_body
    WHERE id = new.id;
END;

DROP TRIGGER contact_points_insert;
DROP TRIGGER contact_points_delete;
CREATE TRIGGER contact_points_insert AFTER INSERT ON contact_points
WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
  UPDATE leads SET id = id WHERE new.owner_kind = 'lead' AND id = new.owner_id;
  UPDATE contacts SET id = id WHERE new.owner_kind = 'contact' AND id = new.owner_id;
  UPDATE companies SET id = id WHERE new.owner_kind = 'company' AND id = new.owner_id;
END;
CREATE TRIGGER contact_points_delete AFTER DELETE ON contact_points
WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
  UPDATE leads SET id = id WHERE old.owner_kind = 'lead' AND id = old.owner_id;
  UPDATE contacts SET id = id WHERE old.owner_kind = 'contact' AND id = old.owner_id;
  UPDATE companies SET id = id WHERE old.owner_kind = 'company' AND id = old.owner_id;
END;
