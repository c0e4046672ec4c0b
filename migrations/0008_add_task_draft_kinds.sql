-- Drafts hold bash and inline Swift tasks besides inline Python, and a task's timeout and trigger rule.
-- `python_callable` keeps its name (seed 002's API field) and now holds the code of every kind: the Python source,
-- the bash script, or the Swift source.
ALTER TABLE api_task_draft
    ADD COLUMN kind text NOT NULL DEFAULT 'python' CHECK (kind IN ('python', 'bash', 'swift')),
    -- NULL: no timeout.
    ADD COLUMN timeout_seconds double precision CHECK (timeout_seconds > 0),
    -- NULL: all_success. The names are Airflow 3's, as `TriggerRule` persists them.
    ADD COLUMN trigger_rule text CHECK (trigger_rule IN (
        'all_success', 'all_failed', 'all_done', 'all_done_min_one_success', 'all_skipped', 'one_success',
        'one_failed', 'one_done', 'none_failed', 'none_failed_min_one_success', 'none_skipped', 'always'));

COMMENT ON COLUMN api_task_draft.python_callable IS 'The task''s code, whatever its kind: Python, a bash script, Swift';
