-- Live events for the API's Server-Sent Events, raised by row triggers so that every writer (scheduler, worker,
-- API, CLI, any process) emits them inside its own transaction; PostgreSQL delivers them at commit, so a rolled
-- back change is never announced. Like the wake-up channels, a message is a hint: the tables are the truth.
--   mloop_events  {"kind":"run","run_id","workflow_id","state"} on a run's insert or state change;
--                 {"kind":"task","run_id","workflow_id","task_id","state","try_number"} on a task instance's insert
--                 or state or try_number change
--   mloop_logs    "run_id:task_id:try_number" when a log chunk is stored
-- Each trigger is one json_build_object and one pg_notify: no reads, so a fan-out stays cheap.

CREATE FUNCTION mloop_notify_run_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mloop_events', json_build_object(
        'kind', 'run', 'run_id', NEW.run_id, 'workflow_id', NEW.workflow_id, 'state', NEW.state)::text);
    RETURN NULL;
END
$$;

CREATE FUNCTION mloop_notify_task_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mloop_events', json_build_object(
        'kind', 'task', 'run_id', NEW.run_id, 'workflow_id', NEW.workflow_id, 'task_id', NEW.task_id,
        'state', NEW.state, 'try_number', NEW.try_number)::text);
    RETURN NULL;
END
$$;

CREATE FUNCTION mloop_notify_log_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mloop_logs', NEW.run_id::text || ':' || NEW.task_id || ':' || NEW.try_number::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER workflow_run_inserted_event AFTER INSERT ON workflow_run
    FOR EACH ROW EXECUTE FUNCTION mloop_notify_run_event();
CREATE TRIGGER workflow_run_state_event AFTER UPDATE OF state ON workflow_run
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION mloop_notify_run_event();

CREATE TRIGGER task_instance_inserted_event AFTER INSERT ON task_instance
    FOR EACH ROW EXECUTE FUNCTION mloop_notify_task_event();
CREATE TRIGGER task_instance_state_event AFTER UPDATE OF state, try_number ON task_instance
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.try_number IS DISTINCT FROM NEW.try_number)
    EXECUTE FUNCTION mloop_notify_task_event();

CREATE TRIGGER task_log_chunk_inserted_event AFTER INSERT ON task_log_chunk
    FOR EACH ROW EXECUTE FUNCTION mloop_notify_log_chunk();

-- Worker slots (its parallelism), recorded with each worker heartbeat, for /metrics' slots total.
ALTER TABLE process_heartbeat ADD COLUMN slots integer CHECK (slots >= 0);
