-- Reminders: when an activity's reminder is due (due_at minus the offset),
-- and when it was shown, so that a reminder missed while the laptop was off
-- is shown at the next start and never twice.
ALTER TABLE activities ADD COLUMN time_zone TEXT;
ALTER TABLE activities ADD COLUMN remind_at INTEGER;
ALTER TABLE activities ADD COLUMN reminded_at INTEGER;

CREATE INDEX activities_remind ON activities (remind_at)
  WHERE remind_at IS NOT NULL AND reminded_at IS NULL AND done = 0 AND deleted_at IS NULL;
CREATE INDEX activities_open_due ON activities (due_at) WHERE done = 0 AND deleted_at IS NULL;
