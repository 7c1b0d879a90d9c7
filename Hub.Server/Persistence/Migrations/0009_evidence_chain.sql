-- The evidence chain (DESIGN.md §5): one row per act (verification, decision, grant, seal, refusal, document view or
-- download, policy change, freeze), each carrying the SHA-256 of the entry before it, so editing or deleting any row
-- breaks every link after it. The running Hub may only INSERT and SELECT it (RuntimeGrants.AppendOnlyTables); appends
-- serialise on an advisory lock, and the sequence number is the primary key, so the chain cannot fork.
CREATE TABLE hub.evidence_log (
    seq bigint PRIMARY KEY CHECK (seq >= 1),
    recorded_at timestamptz NOT NULL,
    kind varchar(40) NOT NULL CHECK (kind ~ '^[a-z][a-z-]{0,39}$'),
    organisation_path text NOT NULL,
    actor_id uuid,
    subject text NOT NULL,
    -- The details exactly as hashed (text, not jsonb, which would reorder keys and change the bytes).
    details text NOT NULL,
    previous_hash bytea NOT NULL CHECK (length(previous_hash) = 32),
    entry_hash bytea NOT NULL CHECK (length(entry_hash) = 32)
);

CREATE INDEX evidence_log_organisation ON hub.evidence_log (organisation_path text_pattern_ops, seq);
CREATE INDEX evidence_log_subject ON hub.evidence_log (subject, seq);
