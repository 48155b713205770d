-- Indexes that serve the list views' queries exactly: the live rows only
-- (the lists never show deleted ones) in the order the list model asks for,
-- so that a million-row list is read from one index instead of being sorted.
-- deleted_at leads (it is always NULL here) so that SQLite sees the index as
-- covering the query and as sorted by the columns after it; a row's id
-- ends every index entry, which gives the tie-break "ORDER BY …, t.id".

CREATE INDEX contacts_name_live
  ON contacts (deleted_at, last_name COLLATE NOCASE, first_name COLLATE NOCASE)
  WHERE deleted_at IS NULL;
CREATE INDEX contacts_updated_live ON contacts (deleted_at, updated_at) WHERE deleted_at IS NULL;
CREATE INDEX deals_board_live ON deals (deleted_at, stage_id, board_rank) WHERE deleted_at IS NULL;
CREATE INDEX deals_updated_live ON deals (deleted_at, updated_at) WHERE deleted_at IS NULL;
