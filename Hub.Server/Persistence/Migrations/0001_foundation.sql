-- The foundation: the organisation tree, its members and roles, and how people and systems authenticate.
CREATE TABLE hub.organisations (
    id uuid PRIMARY KEY,
    parent_id uuid REFERENCES hub.organisations (id),
    kind varchar(16) NOT NULL CHECK (kind IN ('Group', 'Subsidiary', 'Department')),
    name varchar(200) NOT NULL,
    credit_code varchar(18),
    legal_representative varchar(100),
    path varchar(300) NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK ((kind = 'Group') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX ix_organisations_credit_code ON hub.organisations (credit_code);
CREATE UNIQUE INDEX ix_organisations_path ON hub.organisations (path);
-- Subtree scans are "path LIKE prefix%".
CREATE INDEX ix_organisations_path_prefix ON hub.organisations (path varchar_pattern_ops);
CREATE INDEX ix_organisations_parent_id ON hub.organisations (parent_id);

CREATE TABLE hub.users (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    user_name varchar(64) NOT NULL,
    display_name varchar(100) NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_users_user_name_lower ON hub.users (lower(user_name));
CREATE INDEX ix_users_organisation_id ON hub.users (organisation_id);

CREATE TABLE hub.role_assignments (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES hub.users (id) ON DELETE CASCADE,
    role varchar(32) NOT NULL,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    granted_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_role_assignments_user_id_role_organisation_id
    ON hub.role_assignments (user_id, role, organisation_id);
CREATE INDEX ix_role_assignments_organisation_id ON hub.role_assignments (organisation_id);

CREATE TABLE hub.user_credentials (
    user_id uuid PRIMARY KEY REFERENCES hub.users (id) ON DELETE CASCADE,
    password_hash varchar(200) NOT NULL,
    failed_sign_ins integer NOT NULL,
    locked_until timestamptz,
    security_stamp uuid NOT NULL
);

CREATE TABLE hub.api_keys (
    id uuid PRIMARY KEY,
    key_id varchar(32) NOT NULL,
    organisation_id uuid NOT NULL REFERENCES hub.organisations (id),
    name varchar(100) NOT NULL,
    protected_secret text NOT NULL,
    roles text[] NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE UNIQUE INDEX ix_api_keys_key_id ON hub.api_keys (key_id);
CREATE INDEX ix_api_keys_organisation_id ON hub.api_keys (organisation_id);

CREATE TABLE hub.api_request_nonces (
    key_id varchar(32) NOT NULL,
    nonce varchar(64) NOT NULL,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (key_id, nonce)
);
CREATE INDEX ix_api_request_nonces_seen_at ON hub.api_request_nonces (seen_at);

CREATE TABLE hub.data_protection_keys (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name varchar(100) NOT NULL,
    xml text NOT NULL
);
