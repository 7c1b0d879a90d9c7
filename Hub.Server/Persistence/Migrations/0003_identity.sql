-- Identity (issue 5): its own schema, apart from business data, so it can be given its own database role and
-- backups. Nothing here references schema hub by foreign key for the same reason; organisation and user ids are
-- checked by the server. Names, ID numbers and mobiles exist only as AES-256-GCM ciphertext under a per-person
-- data key, keyed HMAC lookups and masked display forms.
CREATE SCHEMA identity;

CREATE TABLE identity.wrapping_keys (
    version integer PRIMARY KEY,
    wrapped_key bytea NOT NULL,
    created_at timestamptz NOT NULL,
    retired_at timestamptz
);

CREATE TABLE identity.persons (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL,
    user_id uuid,
    pseudonym varchar(32) NOT NULL,
    status varchar(16) NOT NULL CHECK (status IN ('Unverified', 'Verified', 'Erased')),
    level varchar(16),
    verified_until timestamptz,
    masked_name varchar(64) NOT NULL,
    masked_id_number varchar(18) NOT NULL,
    masked_mobile varchar(11) NOT NULL,
    name_cipher bytea,
    id_number_cipher bytea,
    mobile_cipher bytea,
    id_number_lookup bytea,
    mobile_lookup bytea,
    wrapped_data_key bytea,
    key_version integer NOT NULL,
    created_at timestamptz NOT NULL,
    erased_at timestamptz,
    CHECK ((status = 'Erased') = (wrapped_data_key IS NULL))
);
CREATE UNIQUE INDEX ix_persons_pseudonym ON identity.persons (pseudonym);
CREATE INDEX ix_persons_organisation_id ON identity.persons (organisation_id);
CREATE INDEX ix_persons_id_number_lookup ON identity.persons (id_number_lookup);
CREATE INDEX ix_persons_mobile_lookup ON identity.persons (mobile_lookup);

CREATE TABLE identity.enterprises (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL,
    name varchar(200) NOT NULL,
    credit_code varchar(18) NOT NULL,
    legal_representative_id uuid NOT NULL REFERENCES identity.persons (id),
    administrator_user_id uuid NOT NULL,
    status varchar(24) NOT NULL CHECK (status IN ('Unverified', 'AwaitingAuthorisation', 'Verified')),
    authorisation_id uuid,
    verified_until timestamptz,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_enterprises_credit_code ON identity.enterprises (credit_code);
CREATE INDEX ix_enterprises_organisation_id ON identity.enterprises (organisation_id);

CREATE TABLE identity.verifications (
    id uuid PRIMARY KEY,
    subject_kind varchar(16) NOT NULL CHECK (subject_kind IN ('Person', 'Enterprise')),
    subject_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    method varchar(24) NOT NULL,
    provider varchar(64) NOT NULL,
    purpose varchar(120) NOT NULL,
    status varchar(16) NOT NULL,
    level varchar(16),
    reason varchar(500),
    provider_reference varchar(100),
    attempts integer NOT NULL,
    challenge bytea,
    started_at timestamptz NOT NULL,
    challenge_expires_at timestamptz NOT NULL,
    completed_at timestamptz,
    expires_at timestamptz,
    consumed_at timestamptz
);
CREATE INDEX ix_verifications_subject_id ON identity.verifications (subject_id);
CREATE INDEX ix_verifications_organisation_id ON identity.verifications (organisation_id);

CREATE TABLE identity.certificates (
    serial_number varchar(40) PRIMARY KEY,
    subject_kind varchar(16) NOT NULL,
    subject_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    pseudonym varchar(40) NOT NULL,
    subject varchar(400) NOT NULL,
    key_id varchar(100) NOT NULL,
    issued_at timestamptz NOT NULL,
    not_after timestamptz NOT NULL
);
CREATE INDEX ix_certificates_subject_id ON identity.certificates (subject_id);

CREATE TABLE identity.signing_key_uses (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL REFERENCES identity.persons (id),
    certificate_serial varchar(40) NOT NULL REFERENCES identity.certificates (serial_number),
    document_sha256 bytea NOT NULL,
    authentication_id uuid NOT NULL REFERENCES identity.verifications (id),
    method varchar(24) NOT NULL,
    caller_id uuid NOT NULL,
    used_at timestamptz NOT NULL
);
CREATE INDEX ix_signing_key_uses_person_id ON identity.signing_key_uses (person_id);
-- One signature per fresh authentication.
CREATE UNIQUE INDEX ix_signing_key_uses_authentication_id ON identity.signing_key_uses (authentication_id);
