-- Personal signatures made inside flows (the labour contract's employee signature): one row per signing effect, written
-- in the same commit as the consumed fresh authentication, its identity.signing_key_uses row and the evidence act, so a
-- redelivered effect finds what it returned (the same signed document) instead of signing again. Never updated.
CREATE TABLE hub.personal_signatures (
    effect_key varchar(400) PRIMARY KEY,
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id),
    node_id varchar(200) NOT NULL,
    person_id uuid NOT NULL,
    signing_key_use_id uuid NOT NULL UNIQUE,
    document_sha256 char(64) NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
    signed_sha256 char(64) NOT NULL CHECK (signed_sha256 ~ '^[0-9a-f]{64}$'),
    result jsonb NOT NULL,
    signed_at timestamptz NOT NULL
);

CREATE INDEX personal_signatures_instance ON hub.personal_signatures (instance_id);
