-- The DAG-folder sync runs as its own service (it compiles and runs Swift workflow files, which must never hold up
-- run planning) and records its own heartbeat.
ALTER TABLE process_heartbeat DROP CONSTRAINT process_heartbeat_role_check;
ALTER TABLE process_heartbeat ADD CONSTRAINT process_heartbeat_role_check
    CHECK (role IN ('scheduler', 'worker', 'api', 'standalone', 'dag_sync'));
