-- The seal ledger (DESIGN.md §5, issue 11 items 1, 2 and 9): every seal of the group, electronic or physical, who keeps
-- it, the standing grants (印章授权) over it, and one row per use of either medium, so one ledger answers "who used
-- which seal on what, under which grant". Enum columns hold the C# names (SealType, SealMedium, SealStatus, GranteeKind).
CREATE TABLE hub.seals (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    type varchar(24) NOT NULL CHECK (type IN ('Official', 'Contract', 'Finance', 'Invoice', 'LegalRepresentative', 'Personal')),
    medium varchar(16) NOT NULL CHECK (medium IN ('Electronic', 'Physical')),
    name varchar(200) NOT NULL CHECK (length(btrim(name)) > 0),
    status varchar(16) NOT NULL CHECK (status IN ('Active', 'Frozen', 'Revoked')),
    status_reason varchar(500),
    certificate_serial varchar(64),
    key_id varchar(200),
    uploaded_appearance bytea,
    person_id uuid REFERENCES hub.users (id),
    device_id varchar(100),
    location varchar(200),
    registered_at timestamptz NOT NULL,
    -- Bumped by every change, so a reader can tell a row it saw from the row now.
    version integer NOT NULL CHECK (version >= 1),
    -- A frozen or revoked seal always says why; an active one carries no stale reason.
    CHECK ((status = 'Active') = (status_reason IS NULL)),
    -- A physical seal is a device somewhere; it has no key, certificate or drawn appearance.
    CHECK (medium = 'Electronic' OR (device_id IS NOT NULL AND certificate_serial IS NULL AND key_id IS NULL AND uploaded_appearance IS NULL)),
    CHECK ((certificate_serial IS NULL) = (key_id IS NULL)),
    CHECK ((type = 'Personal') = (person_id IS NOT NULL))
);
-- The sealing path finds "the finance seal of 华东贸易": at most one electronic seal per entity and type is not revoked
-- (a personal seal per person).
CREATE UNIQUE INDEX ux_seals_electronic_entity_type ON hub.seals (organisation_id, type)
    WHERE medium = 'Electronic' AND status <> 'Revoked' AND type <> 'Personal';
CREATE UNIQUE INDEX ux_seals_electronic_person ON hub.seals (person_id)
    WHERE medium = 'Electronic' AND status <> 'Revoked' AND type = 'Personal';
CREATE UNIQUE INDEX ux_seals_device_id ON hub.seals (device_id) WHERE device_id IS NOT NULL AND status <> 'Revoked';
CREATE INDEX ix_seals_organisation_id ON hub.seals (organisation_id);

CREATE TABLE hub.seal_custodians (
    seal_id uuid NOT NULL REFERENCES hub.seals (id),
    user_id uuid NOT NULL REFERENCES hub.users (id),
    added_at timestamptz NOT NULL,
    PRIMARY KEY (seal_id, user_id)
);
CREATE INDEX ix_seal_custodians_user_id ON hub.seal_custodians (user_id);

CREATE TABLE hub.seal_grants (
    id uuid PRIMARY KEY,
    seal_id uuid NOT NULL REFERENCES hub.seals (id),
    grantee_kind varchar(16) NOT NULL CHECK (grantee_kind IN ('Person', 'Role', 'Department')),
    grantee varchar(100) NOT NULL CHECK (length(grantee) > 0),
    categories text[] NOT NULL,
    amount_limit numeric(20, 2) CHECK (amount_limit IS NULL OR amount_limit >= 0),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    valid_from timestamptz NOT NULL,
    valid_until timestamptz CHECK (valid_until IS NULL OR valid_until > valid_from),
    max_uses integer CHECK (max_uses IS NULL OR max_uses >= 1),
    -- Counted by one conditional UPDATE, so parallel uses can never pass max_uses.
    uses integer NOT NULL CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)),
    required_definition_id varchar(200),
    allows_unattended boolean NOT NULL,
    revoked_at timestamptz,
    revocation_reason varchar(500),
    granted_by uuid NOT NULL,
    granted_at timestamptz NOT NULL,
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE INDEX ix_seal_grants_seal_id ON hub.seal_grants (seal_id);

-- THE ledger: one row per use, electronic or physical; the running Hub may only INSERT and SELECT it
-- (RuntimeGrants.AppendOnlyTables). single_use_grant_id names the sealing path's one-shot grant (its own table).
CREATE TABLE hub.seal_uses (
    id uuid PRIMARY KEY,
    seal_id uuid NOT NULL REFERENCES hub.seals (id),
    organisation_path varchar(300) NOT NULL,
    medium varchar(16) NOT NULL CHECK (medium IN ('Electronic', 'Physical')),
    person_id uuid,
    unattended boolean NOT NULL,
    emergency boolean NOT NULL,
    instance_id uuid,
    document_sha256 bytea CHECK (document_sha256 IS NULL OR length(document_sha256) = 32),
    sealed_sha256 bytea CHECK (sealed_sha256 IS NULL OR length(sealed_sha256) = 32),
    document_reference varchar(200),
    standing_grant_id uuid REFERENCES hub.seal_grants (id),
    single_use_grant_id uuid,
    category varchar(64) NOT NULL,
    amount numeric(20, 2),
    currency char(3) CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
    counterparty varchar(200),
    used_at timestamptz NOT NULL,
    device_id varchar(100),
    note varchar(1000),
    -- Unattended means no person stamped; otherwise someone did, and is named.
    CHECK (unattended = (person_id IS NULL)),
    CHECK (medium = 'Electronic' OR NOT unattended),
    -- A use is of some document: its bytes (electronic) or at least its reference (physical).
    CHECK (document_sha256 IS NOT NULL OR document_reference IS NOT NULL)
);
CREATE INDEX ix_seal_uses_organisation_path ON hub.seal_uses (organisation_path varchar_pattern_ops, used_at);
CREATE INDEX ix_seal_uses_seal_id ON hub.seal_uses (seal_id, used_at);
CREATE INDEX ix_seal_uses_person_id ON hub.seal_uses (person_id, used_at) WHERE person_id IS NOT NULL;
