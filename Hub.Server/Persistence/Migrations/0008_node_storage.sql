-- A node needs only the database and the master key (DESIGN.md §7): the signing keys, the instances' documents, the
-- archive's segments and its audit trail move out of the data directory into these tables, so nodes share no
-- directory. Each table is written by its store in Hub.Server (Trust/DatabaseKeyRecords, Documents/HubDocumentWorkspace,
-- Archive/DatabaseArchiveStore, Archive/DatabaseArchiveAuditSink); nothing here is readable without the master key
-- except the audit trail, which holds no content and no keys.

-- One private key per row, wrapped exactly as the key files were: the JSON record of Hub.Trust's software key store
-- (PKCS#8 under AES-256-GCM with the master key, the id and algorithm bound as associated data).
CREATE TABLE hub.trust_keys (
    key_id varchar(100) PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$'),
    record bytea NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- The documents of running instances by SHA-256 of their plaintext, encrypted with AES-256-GCM under a key derived
-- from the master key (key_id names which), the document id bound as associated data.
CREATE TABLE hub.documents (
    document_id char(64) PRIMARY KEY CHECK (document_id ~ '^[0-9a-f]{64}$'),
    key_id varchar(32) NOT NULL,
    nonce bytea NOT NULL CHECK (length(nonce) = 12),
    ciphertext bytea NOT NULL,
    tag bytea NOT NULL CHECK (length(tag) = 16),
    stored_at timestamptz NOT NULL DEFAULT now()
);

-- The archive (docs/archive.md): opaque manifests and segments, already encrypted and authenticated by
-- Hub.Activities' DocumentArchive. Segments are written before their manifest, so they carry no foreign key.
CREATE TABLE hub.archive_manifests (
    document_id char(64) PRIMARY KEY CHECK (document_id ~ '^[0-9a-f]{64}$'),
    manifest bytea NOT NULL
);

CREATE TABLE hub.archive_segments (
    document_id char(64) NOT NULL CHECK (document_id ~ '^[0-9a-f]{64}$'),
    segment_index integer NOT NULL CHECK (segment_index >= 0),
    content bytea NOT NULL,
    PRIMARY KEY (document_id, segment_index)
);

-- Every read, write and refusal of the archive. Append-only: the Hub only inserts and selects, and the trigger below
-- refuses any change to a recorded event, whoever asks.
CREATE TABLE hub.archive_audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    action varchar(16) NOT NULL CHECK (action IN ('Stored', 'Read', 'Exported', 'HoldPlaced', 'HoldReleased', 'Rewrapped',
        'Deleted', 'Refused')),
    -- As the caller gave it: a refusal records ids that are not SHA-256 hex too.
    document_id text NOT NULL,
    caller_path varchar(2000) NOT NULL,
    detail text NOT NULL
);

CREATE INDEX archive_audit_document ON hub.archive_audit (document_id, id);

CREATE FUNCTION hub.archive_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'hub.archive_audit is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER archive_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON hub.archive_audit
    FOR EACH STATEMENT EXECUTE FUNCTION hub.archive_audit_append_only();
