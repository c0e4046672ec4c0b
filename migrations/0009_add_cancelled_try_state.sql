-- Task try states follow MLoopCore's TaskTryState and its transition table. A try whose task instance a user
-- clears while it is queued or running ends as 'cancelled' (its worker stops the process).
ALTER TABLE task_try DROP CONSTRAINT task_try_state_check;
ALTER TABLE task_try ADD CONSTRAINT task_try_state_check
    CHECK (state IN ('queued', 'running', 'success', 'failed', 'skipped', 'cancelled'));
