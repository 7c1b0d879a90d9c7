-- Anchors of the evidence chain (DESIGN.md §5): from time to time the chain's head (its last seq and that entry's hash)
-- is time-stamped by the Hub's RFC 3161 TSA. A later rewrite of the chain, even one that recomputes every hash after
-- the change, or the deletion of its last entries, then no longer matches a signed, dated statement of what the head
-- was. The token's imprint is SHA-256 over the head (Hub.Server/Evidence/EvidenceHash.AnchorImprint). One anchor per
-- head: anchoring an unchanged head adds nothing, and two nodes anchoring at once keep one row. The running Hub may
-- only INSERT and SELECT it (RuntimeGrants.AppendOnlyTables).
CREATE TABLE hub.evidence_anchors (
    head_seq bigint PRIMARY KEY CHECK (head_seq >= 1),
    head_hash bytea NOT NULL CHECK (length(head_hash) = 32),
    token bytea NOT NULL,
    anchored_at timestamptz NOT NULL
);
