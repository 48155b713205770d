-- The deal board: the order of the cards within a column, and the reasons
-- a deal can be lost for (the defaults are inserted, translated, by the core
-- on first use; see src/core/kontor-board.c).

ALTER TABLE deals ADD COLUMN board_rank INTEGER NOT NULL DEFAULT 0;
CREATE INDEX deals_board ON deals (stage_id, board_rank);

CREATE TABLE loss_reasons (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  deleted_at  INTEGER,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX loss_reasons_name ON loss_reasons (name) WHERE deleted_at IS NULL;

-- Set once the translated defaults were inserted, so that a user who
-- deletes them all does not get them back.
CREATE TABLE board_settings (
  key   TEXT PRIMARY KEY,
  value TEXT
);
