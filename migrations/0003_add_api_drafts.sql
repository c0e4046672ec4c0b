-- Workflows authored through the HTTP API: the editable draft (seed 002's fields) behind a `workflow` row with
-- source_kind 'api'. Deploying validates the draft and stores it as an immutable workflow_version; the draft stays
-- editable and the scheduler only ever sees deployed versions.
CREATE TABLE api_workflow_draft (
    workflow_id         text PRIMARY KEY REFERENCES workflow (workflow_id) ON DELETE CASCADE,
    description         text,
    schedule            text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- One task of a draft. `name` becomes the task id, `python_callable` inline Python, `dependencies` its needs.
CREATE TABLE api_task_draft (
    task_draft_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow_id         text NOT NULL REFERENCES api_workflow_draft (workflow_id) ON DELETE CASCADE,
    name                text NOT NULL,
    python_callable     text NOT NULL,
    params              jsonb NOT NULL DEFAULT '{}',
    dependencies        text[] NOT NULL DEFAULT '{}',
    retry_count         integer NOT NULL DEFAULT 0,
    retry_delay_seconds double precision NOT NULL DEFAULT 300,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workflow_id, name)
);
CREATE INDEX api_task_draft_workflow_idx ON api_task_draft (workflow_id, task_draft_id);
