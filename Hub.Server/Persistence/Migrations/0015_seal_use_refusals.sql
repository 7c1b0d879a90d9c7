-- Refusals of the seal activities (authorise, apply, record a physical use, sign as a person), kept under the effect's idempotency key.
-- A redelivered effect that was refused (the node died after the refusal committed, before the engine recorded the
-- result) gets the same refusal back instead of being judged, decided and recorded a second time; and the group
-- dashboard counts refusals per organisation and seal from here. Append-only for the running Hub.
CREATE TABLE hub.seal_use_refusals (
    effect_key varchar(400) PRIMARY KEY,
    instance_id uuid NOT NULL,
    node_id varchar(200) NOT NULL,
    stage varchar(20) NOT NULL CHECK (stage IN ('authorise', 'apply', 'physical-use', 'personal-signature')),
    seal_id uuid REFERENCES hub.seals (id),
    organisation_path text NOT NULL,
    codes text[] NOT NULL CHECK (cardinality(codes) > 0),
    result jsonb NOT NULL,
    refused_at timestamptz NOT NULL
);

CREATE INDEX seal_use_refusals_organisation ON hub.seal_use_refusals (organisation_path text_pattern_ops, refused_at DESC);
CREATE INDEX seal_use_refusals_instance ON hub.seal_use_refusals (instance_id);
