-- Indexes and a cache for the funnel and the sales reports.
--
-- deals.reached_stage_id is the furthest open stage (in pipeline order:
-- position, then id) of the deal's pipeline that the deal ever entered
-- according to deal_stage_history, NULL if none. Triggers keep it, so that
-- the funnel reads one covering index of deals instead of the whole history.

ALTER TABLE deals ADD COLUMN reached_stage_id INTEGER;

UPDATE deals SET reached_stage_id = (
  SELECT h.stage_id FROM deal_stage_history h JOIN stages s ON s.id = h.stage_id
  WHERE h.deal_id = deals.id AND s.pipeline_id = deals.pipeline_id
    AND s.semantics = 'open' AND s.deleted_at IS NULL
  ORDER BY s.position DESC, s.id DESC LIMIT 1);

-- A new history row moves the mark forward, never back.
CREATE TRIGGER deal_stage_history_reach AFTER INSERT ON deal_stage_history BEGIN
  UPDATE deals SET reached_stage_id = new.stage_id
  WHERE id = new.deal_id
    AND EXISTS (SELECT 1 FROM stages s WHERE s.id = new.stage_id AND s.semantics = 'open'
                AND s.deleted_at IS NULL AND s.pipeline_id = deals.pipeline_id)
    AND (reached_stage_id IS NULL
         OR coalesce ((SELECT s.position > r.position OR (s.position = r.position AND s.id > r.id)
                       FROM stages s, stages r
                       WHERE s.id = new.stage_id AND r.id = deals.reached_stage_id
                         AND r.pipeline_id = deals.pipeline_id AND r.deleted_at IS NULL
                         AND r.semantics = 'open'), 1));
END;

CREATE TRIGGER deal_stage_history_reach_delete AFTER DELETE ON deal_stage_history BEGIN
  UPDATE deals SET reached_stage_id = (
    SELECT h.stage_id FROM deal_stage_history h JOIN stages s ON s.id = h.stage_id
    WHERE h.deal_id = deals.id AND s.pipeline_id = deals.pipeline_id
      AND s.semantics = 'open' AND s.deleted_at IS NULL
    ORDER BY s.position DESC, s.id DESC LIMIT 1)
  WHERE id = old.deal_id;
END;

-- A deal moved to another pipeline starts over from its history there.
CREATE TRIGGER deals_reach_pipeline AFTER UPDATE OF pipeline_id ON deals
WHEN old.pipeline_id IS NOT new.pipeline_id BEGIN
  UPDATE deals SET reached_stage_id = (
    SELECT h.stage_id FROM deal_stage_history h JOIN stages s ON s.id = h.stage_id
    WHERE h.deal_id = deals.id AND s.pipeline_id = deals.pipeline_id
      AND s.semantics = 'open' AND s.deleted_at IS NULL
    ORDER BY s.position DESC, s.id DESC LIMIT 1)
  WHERE id = new.id;
END;

-- Reordered, re-kinded or removed stages change what "furthest" means.
CREATE TRIGGER stages_reach AFTER UPDATE OF position, semantics, deleted_at, pipeline_id ON stages
WHEN old.position IS NOT new.position OR old.semantics IS NOT new.semantics
  OR old.deleted_at IS NOT new.deleted_at OR old.pipeline_id IS NOT new.pipeline_id
BEGIN
  UPDATE deals SET reached_stage_id = (
    SELECT h.stage_id FROM deal_stage_history h JOIN stages s ON s.id = h.stage_id
    WHERE h.deal_id = deals.id AND s.pipeline_id = deals.pipeline_id
      AND s.semantics = 'open' AND s.deleted_at IS NULL
    ORDER BY s.position DESC, s.id DESC LIMIT 1)
  WHERE pipeline_id IN (old.pipeline_id, new.pipeline_id);
END;

CREATE INDEX deal_stage_history_deal_stage ON deal_stage_history (deal_id, stage_id);

-- Funnel: covering indexes for all deals of a pipeline, and for the
-- deals created in a period.
CREATE INDEX deals_funnel ON deals (pipeline_id, deleted_at, status, reached_stage_id, stage_id,
                                   currency, loss_reason, amount);
CREATE INDEX deals_funnel_created ON deals (pipeline_id, created_at, deleted_at, status,
                                           reached_stage_id, stage_id, currency, loss_reason,
                                           amount, responsible);
CREATE INDEX deals_responsible ON deals (responsible, pipeline_id);

-- Deals closed in a period: the funnel's "closed in" filter and the sales
-- report, covering the figures both sum.
CREATE INDEX deals_closed ON deals (closed_at, status, deleted_at, pipeline_id, reached_stage_id,
                                   stage_id, currency, loss_reason, amount, created_at,
                                   responsible);

-- Leads converted to deals
CREATE INDEX deals_lead_live ON deals (lead_id) WHERE lead_id IS NOT NULL AND deleted_at IS NULL;

CREATE INDEX invoices_paid ON invoices (status, paid_on);
CREATE INDEX leads_created ON leads (created_at, deleted_at, source, deal_id, responsible);
CREATE INDEX activities_overdue ON activities (done, due_at, deleted_at, responsible);
