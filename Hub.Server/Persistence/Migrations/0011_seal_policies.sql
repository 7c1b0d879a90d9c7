-- Group policy (集团管控, DESIGN.md §5): rules owned by an organisation and inherited by everything below it. A rule
-- row holds the current version; every version (added, changed, disabled, enabled, removed) is kept in
-- seal_policy_rule_versions, append-only for the running Hub, so what the policy said at any time can be shown.
-- Removal keeps the row (removed_at) so its history stays joined to it.
CREATE TABLE hub.seal_policy_rules (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    organisation_path varchar(300) NOT NULL,
    name varchar(200) NOT NULL,
    kind varchar(20) NOT NULL CHECK (kind IN ('Deny', 'RequireApproval', 'AmountLimit', 'ForbidUnattended')),
    condition text NOT NULL,
    seal_types text[] NOT NULL,
    max_amount numeric(20, 2),
    currency char(3) NOT NULL,
    required_role varchar(20),
    required_scope_path varchar(300),
    explanation_zh varchar(500) NOT NULL,
    explanation_en varchar(500) NOT NULL,
    enabled boolean NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    changed_at timestamptz NOT NULL,
    removed_at timestamptz
);

CREATE INDEX seal_policy_rules_path ON hub.seal_policy_rules (organisation_path) WHERE removed_at IS NULL;

CREATE TABLE hub.seal_policy_rule_versions (
    rule_id uuid NOT NULL REFERENCES hub.seal_policy_rules (id),
    version integer NOT NULL CHECK (version >= 1),
    change varchar(10) NOT NULL CHECK (change IN ('added', 'changed', 'disabled', 'enabled', 'removed')),
    -- The rule as it stood after the change, as JSON (the same shape the API returns).
    rule jsonb NOT NULL,
    changed_by uuid,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (rule_id, version)
);

-- Every live seal-use decision (seal status, standing grants, policy), with the request and the seal as they were,
-- so a proposed policy can be dry-run against what was really asked. Append-only for the running Hub.
CREATE TABLE hub.seal_decisions (
    id uuid PRIMARY KEY,
    decided_at timestamptz NOT NULL,
    seal_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    organisation_path varchar(300) NOT NULL,
    requester_id uuid,
    request jsonb NOT NULL,
    seal jsonb NOT NULL,
    standing_grant_id uuid,
    allowed boolean NOT NULL,
    refusal_code varchar(40),
    explanations jsonb NOT NULL,
    rule_ids uuid[] NOT NULL,
    CHECK (allowed = (refusal_code IS NULL))
);

CREATE INDEX seal_decisions_organisation ON hub.seal_decisions (organisation_path text_pattern_ops, decided_at DESC);
CREATE INDEX seal_decisions_seal ON hub.seal_decisions (seal_id, decided_at DESC);
