-- Planning a run after each of its tries ends counts the run's unfinished task instances; this partial index keeps
-- that proportional to the unfinished ones, not to the whole run (a 1,000-task fan-out was planned ~400 times, each
-- reading all 1,000 rows).
CREATE INDEX task_instance_unfinished_by_run_idx ON task_instance (run_id, state)
    WHERE state IN ('pending', 'scheduled', 'up_for_retry', 'queued', 'running');
