-- Kontor schema, version 2: lead sources, duplicate control and merges.

-- Where leads come from. The list is editable: a source's name and order can
-- change, a source can be added or retired (deleted_at). Leads keep the code.
-- The default rows are written by the program in the user's language right
-- after this migration, since SQL cannot translate.
CREATE TABLE lead_sources (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL DEFAULT 0
);

-- A record merged into another one is soft-deleted and points at the survivor.
ALTER TABLE leads ADD COLUMN merged_into_id INTEGER REFERENCES leads (id);
ALTER TABLE contacts ADD COLUMN merged_into_id INTEGER REFERENCES contacts (id);
ALTER TABLE companies ADD COLUMN merged_into_id INTEGER REFERENCES companies (id);

-- Names reduced for duplicate matching, written by the program on every
-- save: lower case, Cyrillic spelled in Latin letters, punctuation and
-- quotes dropped; a person's first and last name sorted (any order matches);
-- a company without its legal form (ООО, АО, LLC, Inc…).
ALTER TABLE contacts ADD COLUMN normalized_name TEXT;
ALTER TABLE companies ADD COLUMN normalized_name TEXT;
ALTER TABLE leads ADD COLUMN normalized_name TEXT;
ALTER TABLE leads ADD COLUMN normalized_company TEXT;

CREATE INDEX contacts_normalized_name ON contacts (normalized_name) WHERE deleted_at IS NULL;
CREATE INDEX companies_normalized_name ON companies (normalized_name) WHERE deleted_at IS NULL;
CREATE INDEX leads_normalized_name ON leads (normalized_name) WHERE deleted_at IS NULL;
CREATE INDEX leads_normalized_company ON leads (normalized_company) WHERE deleted_at IS NULL;

-- What a lead became, and the records that came from a lead.
CREATE INDEX leads_source ON leads (source, status);
CREATE INDEX deals_lead ON deals (lead_id);
CREATE INDEX contacts_lead ON contacts (lead_id);
CREATE INDEX companies_lead ON companies (lead_id);

-- Merges move invoices and leads of a contact or company to the survivor.
CREATE INDEX invoices_contact ON invoices (contact_id);
CREATE INDEX invoices_company ON invoices (company_id);
CREATE INDEX leads_contact ON leads (contact_id);
CREATE INDEX leads_company ON leads (company_id);
