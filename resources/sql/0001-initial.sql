-- Kontor schema, version 1.
-- Every row: integer id, UUID, created/updated/deleted times (UTC seconds).
-- Money: int64 minor units + ISO 4217 code. Quantities: thousandths.
-- VAT rates: basis points, -1 = no VAT.

CREATE TABLE pipelines (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE stages (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  pipeline_id INTEGER NOT NULL REFERENCES pipelines (id),
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL DEFAULT 0,
  color       TEXT,
  semantics   TEXT NOT NULL DEFAULT 'open' CHECK (semantics IN ('open', 'won', 'lost'))
);
CREATE INDEX stages_pipeline ON stages (pipeline_id, position);

CREATE TABLE companies (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  name         TEXT NOT NULL,
  industry     TEXT,
  tax_id       TEXT,
  kpp          TEXT,
  bank_name    TEXT,
  bank_account TEXT,
  bank_bic     TEXT,
  address      TEXT,
  website      TEXT,
  responsible  TEXT,
  lead_id      INTEGER,
  comment      TEXT
);
CREATE INDEX companies_name ON companies (name);
CREATE INDEX companies_updated ON companies (updated_at);

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  first_name  TEXT,
  middle_name TEXT,
  last_name   TEXT,
  position    TEXT,
  company_id  INTEGER REFERENCES companies (id),
  birthday    TEXT,
  address     TEXT,
  responsible TEXT,
  lead_id     INTEGER,
  comment     TEXT
);
CREATE INDEX contacts_name ON contacts (last_name, first_name);
CREATE INDEX contacts_first_name ON contacts (first_name);
CREATE INDEX contacts_company ON contacts (company_id);
CREATE INDEX contacts_updated ON contacts (updated_at);

CREATE TABLE leads (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  title        TEXT,
  first_name   TEXT,
  middle_name  TEXT,
  last_name    TEXT,
  company_name TEXT,
  position     TEXT,
  source       TEXT,
  status       TEXT NOT NULL DEFAULT 'new'
               CHECK (status IN ('new', 'in_progress', 'processed', 'converted', 'junk')),
  junk_reason  TEXT,
  amount       INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency     TEXT,
  responsible  TEXT,
  comment      TEXT,
  contact_id   INTEGER REFERENCES contacts (id),
  company_id   INTEGER REFERENCES companies (id),
  deal_id      INTEGER
);
CREATE INDEX leads_status ON leads (status);
CREATE INDEX leads_updated ON leads (updated_at);

CREATE TABLE deals (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  title          TEXT NOT NULL,
  pipeline_id    INTEGER NOT NULL REFERENCES pipelines (id),
  stage_id       INTEGER NOT NULL REFERENCES stages (id),
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  amount         INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency       TEXT NOT NULL,
  contact_id     INTEGER REFERENCES contacts (id),
  company_id     INTEGER REFERENCES companies (id),
  expected_close TEXT,
  probability    INTEGER NOT NULL DEFAULT 0,
  responsible    TEXT,
  lead_id        INTEGER REFERENCES leads (id),
  closed_at      INTEGER,
  loss_reason    TEXT,
  comment        TEXT
);
CREATE INDEX deals_stage ON deals (stage_id);
CREATE INDEX deals_pipeline ON deals (pipeline_id, status);
CREATE INDEX deals_contact ON deals (contact_id);
CREATE INDEX deals_company ON deals (company_id);
CREATE INDEX deals_updated ON deals (updated_at);

CREATE TABLE deal_stage_history (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  deal_id       INTEGER NOT NULL REFERENCES deals (id),
  from_stage_id INTEGER REFERENCES stages (id),
  stage_id      INTEGER NOT NULL REFERENCES stages (id),
  moved_at      INTEGER NOT NULL
);
CREATE INDEX deal_stage_history_deal ON deal_stage_history (deal_id, moved_at);
CREATE INDEX deal_stage_history_stage ON deal_stage_history (stage_id);

CREATE TABLE activities (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  kind        TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'task')),
  subject     TEXT NOT NULL,
  description TEXT,
  due_at      INTEGER,
  duration    INTEGER NOT NULL DEFAULT 0,
  location    TEXT,
  priority    TEXT,
  done        INTEGER NOT NULL DEFAULT 0,
  done_at     INTEGER,
  result      TEXT,
  responsible TEXT,
  reminder    TEXT,
  lead_id     INTEGER REFERENCES leads (id),
  contact_id  INTEGER REFERENCES contacts (id),
  company_id  INTEGER REFERENCES companies (id),
  deal_id     INTEGER REFERENCES deals (id)
);
CREATE INDEX activities_due ON activities (done, due_at);
CREATE INDEX activities_deal ON activities (deal_id, done, due_at);
CREATE INDEX activities_contact ON activities (contact_id);
CREATE INDEX activities_company ON activities (company_id);
CREATE INDEX activities_lead ON activities (lead_id);

CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  name         TEXT NOT NULL,
  sku          TEXT,
  description  TEXT,
  unit         TEXT,
  price        INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
  currency     TEXT NOT NULL,
  vat_rate     INTEGER NOT NULL DEFAULT -1,
  vat_included INTEGER NOT NULL DEFAULT 0,
  active       INTEGER NOT NULL DEFAULT 1,
  section      TEXT
);
CREATE INDEX products_name ON products (name);

CREATE TABLE invoices (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  number     TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'draft'
             CHECK (status IN ('draft', 'sent', 'paid', 'cancelled')),
  deal_id    INTEGER REFERENCES deals (id),
  company_id INTEGER REFERENCES companies (id),
  contact_id INTEGER REFERENCES contacts (id),
  currency   TEXT NOT NULL,
  issued_on  TEXT,
  due_on     TEXT,
  paid_on    TEXT,
  subtotal   INTEGER NOT NULL DEFAULT 0,
  vat_total  INTEGER NOT NULL DEFAULT 0,
  total      INTEGER NOT NULL DEFAULT 0,
  comment    TEXT
);
CREATE UNIQUE INDEX invoices_number ON invoices (number);
CREATE INDEX invoices_deal ON invoices (deal_id);
CREATE INDEX invoices_status ON invoices (status, due_on);

CREATE TABLE invoice_lines (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
  position     INTEGER NOT NULL DEFAULT 0,
  product_id   INTEGER REFERENCES products (id),
  name         TEXT NOT NULL,
  quantity     INTEGER NOT NULL DEFAULT 1000,
  unit         TEXT,
  price        INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
  discount     INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  vat_rate     INTEGER NOT NULL DEFAULT -1,
  vat_included INTEGER NOT NULL DEFAULT 0,
  net          INTEGER NOT NULL DEFAULT 0,
  vat          INTEGER NOT NULL DEFAULT 0,
  total        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);

-- Phones, e-mails and messenger handles of leads, contacts and companies.
-- normalized: digits of a phone with the country code, a lower-cased e-mail.
CREATE TABLE contact_points (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('lead', 'contact', 'company')),
  owner_id    INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'messenger')),
  value       TEXT NOT NULL,
  normalized  TEXT,
  position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_points_owner ON contact_points (owner_kind, owner_id);
CREATE INDEX contact_points_normalized ON contact_points (kind, normalized);

-- What happened to a record, newest first.
CREATE TABLE timeline (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  entity_kind TEXT NOT NULL,
  entity_id   INTEGER NOT NULL,
  event       TEXT NOT NULL,
  text        TEXT,
  author      TEXT
);
CREATE INDEX timeline_entity ON timeline (entity_kind, entity_id, created_at);

-- Full-text search over every entity. rowid = id * 16 + kind code, so that a
-- record's row is found without scanning (lead 1, contact 2, company 3, deal 4,
-- activity 5, product 6, invoice 7).
CREATE VIRTUAL TABLE search_index USING fts5 (
  body,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '1 2 3'
);

CREATE TRIGGER leads_search_insert AFTER INSERT ON leads BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 1,
    coalesce(new.title, '') || ' ' || coalesce(new.first_name, '') || ' ' || coalesce(new.middle_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.company_name, '') || ' ' || coalesce(new.position, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'lead' AND owner_id = new.id), ''));
END;
CREATE TRIGGER leads_search_update AFTER UPDATE ON leads BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 1,
    coalesce(new.title, '') || ' ' || coalesce(new.first_name, '') || ' ' || coalesce(new.middle_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.company_name, '') || ' ' || coalesce(new.position, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'lead' AND owner_id = new.id), ''));
END;
CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
END;

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 2,
    coalesce(new.first_name, '') || ' ' || coalesce(new.middle_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.position, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'contact' AND owner_id = new.id), ''));
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 2;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 2,
    coalesce(new.first_name, '') || ' ' || coalesce(new.middle_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.position, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'contact' AND owner_id = new.id), ''));
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 2;
END;

CREATE TRIGGER companies_search_insert AFTER INSERT ON companies BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 3,
    coalesce(new.name, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.tax_id, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce(new.website, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'company' AND owner_id = new.id), ''));
END;
CREATE TRIGGER companies_search_update AFTER UPDATE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 3,
    coalesce(new.name, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.tax_id, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce(new.website, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce((SELECT group_concat(value || ' ' || coalesce(normalized, '') || CASE WHEN kind = 'phone' AND length(normalized) > 10 THEN ' ' || substr(normalized, -10) ELSE '' END, ' ') FROM contact_points WHERE owner_kind = 'company' AND owner_id = new.id), ''));
END;
CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
END;

CREATE TRIGGER deals_search_insert AFTER INSERT ON deals BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 4,
    coalesce(new.title, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce(new.responsible, ''));
END;
CREATE TRIGGER deals_search_update AFTER UPDATE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 4;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 4,
    coalesce(new.title, '') || ' ' || coalesce(new.comment, '') || ' ' || coalesce(new.responsible, ''));
END;
CREATE TRIGGER deals_search_delete AFTER DELETE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 4;
END;

CREATE TRIGGER activities_search_insert AFTER INSERT ON activities BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 5,
    coalesce(new.subject, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.location, '') || ' ' || coalesce(new.result, ''));
END;
CREATE TRIGGER activities_search_update AFTER UPDATE ON activities BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 5,
    coalesce(new.subject, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.location, '') || ' ' || coalesce(new.result, ''));
END;
CREATE TRIGGER activities_search_delete AFTER DELETE ON activities BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
END;

CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 6,
    coalesce(new.name, '') || ' ' || coalesce(new.sku, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.section, ''));
END;
CREATE TRIGGER products_search_update AFTER UPDATE ON products BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 6,
    coalesce(new.name, '') || ' ' || coalesce(new.sku, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.section, ''));
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
END;

CREATE TRIGGER invoices_search_insert AFTER INSERT ON invoices BEGIN
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 7,
    coalesce(new.number, '') || ' ' || coalesce(new.comment, ''));
END;
CREATE TRIGGER invoices_search_update AFTER UPDATE ON invoices BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 7;
  INSERT INTO search_index (rowid, body) VALUES (new.id * 16 + 7,
    coalesce(new.number, '') || ' ' || coalesce(new.comment, ''));
END;
CREATE TRIGGER invoices_search_delete AFTER DELETE ON invoices BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 7;
END;

-- A change to a phone or e-mail re-indexes its owner.
CREATE TRIGGER contact_points_insert AFTER INSERT ON contact_points BEGIN
  UPDATE leads SET id = id WHERE new.owner_kind = 'lead' AND id = new.owner_id;
  UPDATE contacts SET id = id WHERE new.owner_kind = 'contact' AND id = new.owner_id;
  UPDATE companies SET id = id WHERE new.owner_kind = 'company' AND id = new.owner_id;
END;
CREATE TRIGGER contact_points_delete AFTER DELETE ON contact_points BEGIN
  UPDATE leads SET id = id WHERE old.owner_kind = 'lead' AND id = old.owner_id;
  UPDATE contacts SET id = id WHERE old.owner_kind = 'contact' AND id = old.owner_id;
  UPDATE companies SET id = id WHERE old.owner_kind = 'company' AND id = old.owner_id;
END;
