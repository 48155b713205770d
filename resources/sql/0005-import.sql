-- Imports: each import is one undo unit. Records created by an import have
-- consecutive ids per table (the import is one write transaction), kept as
-- ranges; a record changed by an import keeps its previous row (JSON) here.

CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  entity_kind TEXT NOT NULL,
  file_name   TEXT,
  duplicates  TEXT NOT NULL DEFAULT 'allow'
              CHECK (duplicates IN ('allow', 'skip', 'merge', 'replace')),
  created     INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  undone_at   INTEGER
);

CREATE TABLE import_items (
  id          INTEGER PRIMARY KEY,
  import_id   INTEGER NOT NULL REFERENCES imports (id),
  entity_kind TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('created', 'updated')),
  first_id    INTEGER NOT NULL,
  last_id     INTEGER NOT NULL,
  previous    TEXT
);
CREATE INDEX import_items_import ON import_items (import_id);
