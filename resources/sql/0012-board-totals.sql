-- The board's column totals (count and sum per currency of a stage's live
-- deals) read this index alone, in currency order, instead of looking up
-- every deal of the column in the table: 100,000 open deals took most of
-- the board's load time in those look-ups.

CREATE INDEX deals_stage_totals_live ON deals (stage_id, currency, amount)
  WHERE deleted_at IS NULL;
