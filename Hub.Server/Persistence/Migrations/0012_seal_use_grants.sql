-- Single-use seal grants (DESIGN.md §5, "seal use"): issued when an approved instance is authorised to use a seal,
-- bound to the seal, the SHA-256 of the exact document, the instance and the decisions recorded on it, and an expiry.
-- Sealing consumes a grant once: the row is locked while the seal is applied and marked used in the same commit as the
-- ledger entry and the evidence act, so fifty parallel attempts seal one document once and a crash before the commit
-- leaves the grant unused for the retry. used_by holds the effect's idempotency key, and result the payload it
-- returned, so a redelivery of that effect gets the same sealed document.
CREATE TABLE hub.seal_use_grants (
    id uuid PRIMARY KEY,
    seal_id uuid NOT NULL REFERENCES hub.seals (id),
    organisation_path text NOT NULL,
    document_sha256 char(64) NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
    instance_id uuid NOT NULL REFERENCES hub.workflow_instances (id),
    node_id varchar(200) NOT NULL,
    definition_id varchar(200) NOT NULL,
    definition_version integer NOT NULL,
    standing_grant_id uuid,
    rule_ids uuid[] NOT NULL,
    explanations jsonb NOT NULL,
    decisions jsonb NOT NULL,
    request jsonb NOT NULL,
    issued_by varchar(400) NOT NULL,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL CHECK (expires_at > issued_at),
    used_at timestamptz,
    used_by varchar(400),
    sealed_document_sha256 char(64) CHECK (sealed_document_sha256 ~ '^[0-9a-f]{64}$'),
    result jsonb,
    revoked_at timestamptz,
    revocation_reason varchar(400),
    CHECK ((used_at IS NULL) = (used_by IS NULL) AND (used_at IS NULL) = (result IS NULL))
);

-- One authorisation per effect: a redelivered authorise effect finds the grant it issued.
CREATE UNIQUE INDEX seal_use_grants_issued_by ON hub.seal_use_grants (issued_by);
CREATE INDEX seal_use_grants_instance ON hub.seal_use_grants (instance_id);
CREATE INDEX seal_use_grants_seal ON hub.seal_use_grants (seal_id, issued_at);
