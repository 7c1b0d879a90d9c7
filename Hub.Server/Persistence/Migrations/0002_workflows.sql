-- The workflow host (DESIGN.md §3): definitions, instances with a row version, their bookmarks, human tasks,
-- journal, outbox, the work queue that owns "something is due", buffered signals and incidents. These tables are
-- written by raw SQL (Hub.Server/Workflows/WorkflowStore*) so a burst commits in one batched round trip.
CREATE TABLE hub.workflow_definitions (
    id uuid PRIMARY KEY,
    definition_id varchar(200) NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    status varchar(16) NOT NULL CHECK (status IN ('Draft', 'Published', 'Retired')),
    name varchar(200) NOT NULL,
    content_hash varchar(71),
    document text NOT NULL,
    created_at timestamptz NOT NULL,
    published_at timestamptz,
    CHECK ((status = 'Draft') = (content_hash IS NULL))
);
CREATE UNIQUE INDEX ix_workflow_definitions_org_definition_version
    ON hub.workflow_definitions (organisation_id, definition_id, version);
CREATE INDEX ix_workflow_definitions_content_hash ON hub.workflow_definitions (content_hash);

CREATE TABLE hub.workflow_instances (
    id uuid PRIMARY KEY,
    definition_row_id uuid NOT NULL REFERENCES hub.workflow_definitions (id),
    definition_hash varchar(71) NOT NULL,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    applicant_id uuid REFERENCES hub.users (id),
    correlation_key varchar(200),
    status varchar(16) NOT NULL CHECK (status IN ('NotStarted', 'Suspended', 'Completed', 'Faulted', 'Cancelled')),
    state jsonb NOT NULL,
    -- The row version: every committed burst increments it under "WHERE version = old".
    version integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_workflow_instances_org_status ON hub.workflow_instances (organisation_id, status);
-- A start that repeats a correlation key returns the existing instance, so a client may retry a start safely.
CREATE UNIQUE INDEX ix_workflow_instances_org_correlation_key ON hub.workflow_instances (organisation_id, correlation_key)
    WHERE correlation_key IS NOT NULL;

CREATE TABLE hub.workflow_bookmarks (
    id varchar(400) PRIMARY KEY,
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id) ON DELETE CASCADE,
    node_id varchar(200) NOT NULL,
    kind varchar(24) NOT NULL,
    due_at timestamptz,
    signal_name varchar(200),
    correlation_key varchar(400),
    idempotency_key varchar(400)
);
CREATE INDEX ix_workflow_bookmarks_instance ON hub.workflow_bookmarks (instance_id);
CREATE INDEX ix_workflow_bookmarks_signal ON hub.workflow_bookmarks (signal_name, correlation_key) WHERE kind = 'Signal';

CREATE TABLE hub.workflow_tasks (
    id uuid PRIMARY KEY,
    request_id varchar(400) NOT NULL,
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id) ON DELETE CASCADE,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    node_id varchar(200) NOT NULL,
    title varchar(400) NOT NULL,
    slot integer NOT NULL,
    status varchar(16) NOT NULL CHECK (status IN ('Open', 'Claimed', 'Decided', 'Cancelled')),
    candidate_ids uuid[] NOT NULL,
    assignee_id uuid REFERENCES hub.users (id),
    due_at timestamptz,
    escalated boolean NOT NULL,
    decision varchar(16),
    comment varchar(2000),
    decided_by uuid REFERENCES hub.users (id),
    decided_at timestamptz,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_workflow_tasks_request_id ON hub.workflow_tasks (request_id);
CREATE INDEX ix_workflow_tasks_instance ON hub.workflow_tasks (instance_id);
-- The inbox: open tasks whose candidates include a user.
CREATE INDEX ix_workflow_tasks_candidates ON hub.workflow_tasks USING gin (candidate_ids) WHERE status IN ('Open', 'Claimed');

CREATE TABLE hub.workflow_journal (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id) ON DELETE CASCADE,
    node_id varchar(200),
    activity_type varchar(100),
    event varchar(32) NOT NULL,
    iteration integer NOT NULL,
    attempt integer NOT NULL,
    outcomes text[] NOT NULL,
    actor varchar(200),
    inputs jsonb,
    message text,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL
);
CREATE INDEX ix_workflow_journal_instance ON hub.workflow_journal (instance_id, id);

CREATE TABLE hub.workflow_outbox (
    idempotency_key varchar(400) PRIMARY KEY,
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id) ON DELETE CASCADE,
    node_id varchar(200) NOT NULL,
    kind varchar(32) NOT NULL,
    payload jsonb NOT NULL,
    status varchar(16) NOT NULL CHECK (status IN ('Pending', 'Delivered', 'Failed')),
    attempts integer NOT NULL,
    last_error text,
    created_at timestamptz NOT NULL,
    delivered_at timestamptz
);
CREATE INDEX ix_workflow_outbox_instance ON hub.workflow_outbox (instance_id);

-- The one queue of due work: bursts to run (timers, retries, buffered signals, task escalations) and deliveries.
-- Taken with FOR UPDATE SKIP LOCKED; a delivery also holds a lease, and an expired lease makes it runnable again.
CREATE TABLE hub.workflow_work_items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id) ON DELETE CASCADE,
    kind varchar(16) NOT NULL CHECK (kind IN ('Resume', 'Signal', 'Deliver', 'TaskDue')),
    target varchar(400) NOT NULL,
    due_at timestamptz NOT NULL,
    attempts integer NOT NULL,
    lease_owner varchar(100),
    lease_expires_at timestamptz,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_workflow_work_items_kind_target ON hub.workflow_work_items (kind, target);
CREATE INDEX ix_workflow_work_items_due ON hub.workflow_work_items (due_at);

CREATE TABLE hub.workflow_signals (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    name varchar(200) NOT NULL,
    correlation_key varchar(400) NOT NULL,
    payload jsonb,
    received_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    consumed_by uuid REFERENCES hub.workflow_instances (id) ON DELETE SET NULL
);
CREATE INDEX ix_workflow_signals_key ON hub.workflow_signals (name, correlation_key) WHERE consumed_by IS NULL;

CREATE TABLE hub.workflow_incidents (
    id uuid PRIMARY KEY,
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id) ON DELETE CASCADE,
    kind varchar(16) NOT NULL CHECK (kind IN ('Fault', 'Delivery')),
    node_id varchar(200),
    error_type varchar(200) NOT NULL,
    message text NOT NULL,
    attempt integer NOT NULL,
    status varchar(16) NOT NULL CHECK (status IN ('Open', 'Retried', 'Skipped', 'Cancelled')),
    created_at timestamptz NOT NULL,
    resolved_at timestamptz,
    resolved_by varchar(200)
);
CREATE INDEX ix_workflow_incidents_instance ON hub.workflow_incidents (instance_id);
CREATE INDEX ix_workflow_incidents_open ON hub.workflow_incidents (status) WHERE status = 'Open';
