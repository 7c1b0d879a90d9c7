-- Identity activities in the engine (issue 5 item 6): a workflow node waiting for a person's answer (a fresh
-- authentication before signing, or a legal representative's authorisation of an enterprise) is linked here to the
-- verification it waits for, so completing that verification through the API signals the node. One row per outbox
-- message (a redelivered message finds its row and sends no second code); correlation keys are the engine's, never
-- personal data.
CREATE TABLE identity.workflow_waits (
    verification_id uuid PRIMARY KEY REFERENCES identity.verifications (id),
    idempotency_key varchar(400) NOT NULL,
    organisation_id uuid NOT NULL,
    signal_name varchar(100) NOT NULL,
    correlation_key varchar(400) NOT NULL,
    created_at timestamptz NOT NULL,
    signalled_at timestamptz
);
CREATE UNIQUE INDEX ix_workflow_waits_idempotency_key ON identity.workflow_waits (idempotency_key);

-- Versions of the lookup key (keyed HMAC over ID numbers and mobiles). The key of version v is derived from the
-- master key (HKDF, info hub/identity/lookup/v<v>), so nothing secret is stored; no row means version 1. Rotation
-- adds a version and recomputes every lookup hash in the same transaction.
CREATE TABLE identity.lookup_keys (
    version integer PRIMARY KEY,
    created_at timestamptz NOT NULL,
    retired_at timestamptz
);
