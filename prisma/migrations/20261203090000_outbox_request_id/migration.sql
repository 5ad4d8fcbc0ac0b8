-- Issue 20 (item 4): the id of the web request that caused an event, so the
-- job that follows it logs under the same id. NULL for events from no
-- request (the worker's own schedules, scripts). Checked as the web layer
-- checks X-Request-Id, so nothing else reaches a log line from here.
ALTER TABLE outbox ADD COLUMN request_id text
  CONSTRAINT outbox_request_id_form CHECK (request_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$');
