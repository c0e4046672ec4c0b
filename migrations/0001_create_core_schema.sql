-- MLoop's core schema. Append-only: never edit an applied migration; add a new NNNN_verb_noun.sql instead.
-- Conventions: singular snake_case tables, timestamptz columns named *_at, state columns text with a CHECK whose
-- values are frozen (the API and UI share them).

-- A workflow as the rest of the system refers to it. Its definition lives in immutable versions.
CREATE TABLE workflow (
    workflow_id         text PRIMARY KEY CHECK (workflow_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$'),
    -- Where the definition comes from: a file in the DAGs folder, or authored through the API.
    source_kind         text NOT NULL CHECK (source_kind IN ('file', 'api')),
    -- For file workflows: the path relative to the DAGs folder.
    file_path           text,
    -- False when its file disappeared or it was deleted; history is kept.
    is_active           boolean NOT NULL DEFAULT true,
    is_paused           boolean NOT NULL DEFAULT false,
    current_version_id  bigint,
    -- Denormalised from the current version for listing without decoding definitions.
    description         text,
    schedule            text,
    timezone            text NOT NULL DEFAULT 'UTC',
    -- The scheduler's bookmark: the data interval of the newest scheduled run it created.
    last_scheduled_interval_start timestamptz,
    last_scheduled_interval_end   timestamptz,
    next_due_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_file_path_idx ON workflow (file_path) WHERE file_path IS NOT NULL;
CREATE INDEX workflow_next_due_idx ON workflow (next_due_at) WHERE is_active AND NOT is_paused;

-- An immutable version of a workflow's definition, keyed by the hash of its canonical JSON.
CREATE TABLE workflow_version (
    version_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow_id         text NOT NULL REFERENCES workflow (workflow_id) ON DELETE CASCADE,
    version_number      integer NOT NULL CHECK (version_number > 0),
    content_hash        text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    definition          jsonb NOT NULL,
    source_format       text NOT NULL CHECK (source_format IN ('yaml', 'swift', 'json')),
    source_text         text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workflow_id, version_number),
    UNIQUE (workflow_id, content_hash)
);

ALTER TABLE workflow
    ADD CONSTRAINT workflow_current_version_fk
    FOREIGN KEY (current_version_id) REFERENCES workflow_version (version_id) DEFERRABLE INITIALLY DEFERRED;

-- Each file of the DAGs folder as last seen, so an unchanged file costs one hash comparison.
CREATE TABLE dag_file (
    file_path           text PRIMARY KEY,
    content_hash        text,
    workflow_ids        text[] NOT NULL DEFAULT '{}',
    parsed_at           timestamptz NOT NULL DEFAULT now()
);

-- Files that failed to load, with every problem found. A workflow of such a file keeps its last good version.
CREATE TABLE import_error (
    file_path           text PRIMARY KEY,
    content_hash        text,
    message             text NOT NULL,
    issues              jsonb NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- One run of a workflow, pinned to the version it started with.
CREATE TABLE workflow_run (
    run_id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow_id         text NOT NULL REFERENCES workflow (workflow_id) ON DELETE CASCADE,
    version_id          bigint NOT NULL REFERENCES workflow_version (version_id),
    run_type            text NOT NULL CHECK (run_type IN ('scheduled', 'manual', 'backfill')),
    state               text NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed')),
    logical_date        timestamptz NOT NULL,
    data_interval_start timestamptz,
    data_interval_end   timestamptz,
    conf                jsonb NOT NULL DEFAULT '{}',
    -- Set when a run is failed by run_timeout, a mark, or an operator, to say why.
    note                text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    queued_at           timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    ended_at            timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now()
);
-- One scheduled or backfill run per logical date keeps scheduling and backfills idempotent.
CREATE UNIQUE INDEX workflow_run_interval_key ON workflow_run (workflow_id, logical_date)
    WHERE run_type IN ('scheduled', 'backfill');
CREATE INDEX workflow_run_by_workflow_idx ON workflow_run (workflow_id, logical_date DESC, run_id DESC);
CREATE INDEX workflow_run_unfinished_idx ON workflow_run (workflow_id, state) WHERE state IN ('queued', 'running');

-- The current state of one task in one run; its tries are rows of task_try.
CREATE TABLE task_instance (
    run_id              bigint NOT NULL REFERENCES workflow_run (run_id) ON DELETE CASCADE,
    task_id             text NOT NULL,
    state               text NOT NULL CHECK (state IN ('pending', 'scheduled', 'queued', 'running', 'success',
                            'failed', 'up_for_retry', 'upstream_failed', 'skipped', 'removed')),
    -- The number of the current (or last) try; 0 before the first one.
    try_number          integer NOT NULL DEFAULT 0 CHECK (try_number >= 0),
    max_tries           integer NOT NULL CHECK (max_tries >= 1),
    next_try_at         timestamptz,
    -- Denormalised so claims and limits need no join.
    workflow_id         text NOT NULL,
    -- Latest values reported through the stdout progress/metadata protocol.
    progress            jsonb,
    metadata            jsonb,
    queued_at           timestamptz,
    started_at          timestamptz,
    ended_at            timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, task_id)
);
-- Workers claim queued instances oldest first with FOR UPDATE SKIP LOCKED.
CREATE INDEX task_instance_queued_idx ON task_instance (queued_at, run_id, task_id) WHERE state = 'queued';
CREATE INDEX task_instance_retry_due_idx ON task_instance (next_try_at) WHERE state = 'up_for_retry';
CREATE INDEX task_instance_active_by_workflow_idx ON task_instance (workflow_id)
    WHERE state IN ('queued', 'running');

-- One try of a task instance: its own times, worker, exit code and log.
CREATE TABLE task_try (
    run_id              bigint NOT NULL,
    task_id             text NOT NULL,
    try_number          integer NOT NULL CHECK (try_number >= 1),
    state               text NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed', 'skipped')),
    worker_id           text,
    hostname            text,
    pid                 integer,
    queued_at           timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    ended_at            timestamptz,
    heartbeat_at        timestamptz,
    exit_code           integer,
    error               text,
    PRIMARY KEY (run_id, task_id, try_number),
    FOREIGN KEY (run_id, task_id) REFERENCES task_instance (run_id, task_id) ON DELETE CASCADE
);
CREATE INDEX task_try_running_heartbeat_idx ON task_try (heartbeat_at) WHERE state = 'running';

-- Key/value results a try pushed, stored together with the try's success.
CREATE TABLE xcom (
    run_id              bigint NOT NULL,
    task_id             text NOT NULL,
    key                 text NOT NULL,
    try_number          integer NOT NULL,
    value               jsonb NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, task_id, key),
    FOREIGN KEY (run_id, task_id) REFERENCES task_instance (run_id, task_id) ON DELETE CASCADE
);

-- A try's stdout/stderr in chunks, so any machine that reaches the database can serve or follow it.
-- byte_offset is the chunk's position in the try's log, for incremental reads with ?offset=.
CREATE TABLE task_log_chunk (
    run_id              bigint NOT NULL,
    task_id             text NOT NULL,
    try_number          integer NOT NULL,
    chunk_number        integer NOT NULL,
    byte_offset         bigint NOT NULL,
    content             text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, task_id, try_number, chunk_number),
    FOREIGN KEY (run_id, task_id, try_number) REFERENCES task_try (run_id, task_id, try_number) ON DELETE CASCADE
);

-- Live schedulers, workers and API servers, for health and for failing the tries of dead workers.
CREATE TABLE process_heartbeat (
    process_id          text PRIMARY KEY,
    role                text NOT NULL CHECK (role IN ('scheduler', 'worker', 'api', 'standalone')),
    hostname            text NOT NULL,
    pid                 integer NOT NULL,
    started_at          timestamptz NOT NULL DEFAULT now(),
    heartbeat_at        timestamptz NOT NULL DEFAULT now(),
    stopped_at          timestamptz
);
