-- What running workflows needs beyond the core schema: branch choices, log sizes, and indexes for the scheduler's
-- and workers' queries. Append-only, like every migration.
-- Wake-ups: the store calls pg_notify explicitly in the transaction that made the change (delivered at commit):
--   mloop_scheduler  a scheduler should plan a run (run created or cleared, try finished, task marked); payload run id
--   mloop_worker     tries were queued; payload the run id
-- The message only wakes; the tables are the truth.

-- For a finished branching task: the direct downstream tasks it chose to run (NULL when it did not branch).
ALTER TABLE task_instance ADD COLUMN branch_choice text[];

-- Bytes of log stored for the try so far (the end of its furthest chunk).
ALTER TABLE task_try ADD COLUMN log_bytes bigint NOT NULL DEFAULT 0 CHECK (log_bytes >= 0);

-- Schedulers walk unfinished runs oldest first.
CREATE INDEX workflow_run_unfinished_by_id_idx ON workflow_run (run_id) WHERE state IN ('queued', 'running');

-- The newest scheduled run of a workflow, for the next data interval.
CREATE INDEX workflow_run_scheduled_idx ON workflow_run (workflow_id, logical_date DESC) WHERE run_type = 'scheduled';
