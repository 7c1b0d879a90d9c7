-- The CA's state (DESIGN.md §4), shared by every node on the database so that nodes issuing at once lose nothing.
-- Written by raw SQL (Hub.Server/Trust/DatabaseCertificateAuthorityStore), one atomic statement per operation; the
-- records are Hub.Trust.Pki's CaHierarchyRecord, IssuedCertificateRecord and RevocationRecord. Private keys stay in
-- the key store of the data directory; only their ids are here.

-- At most one hierarchy: the key column can only be true.
CREATE TABLE hub.ca_hierarchy (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    root_certificate bytea NOT NULL,
    root_key_id varchar(100) NOT NULL,
    issuing_certificate bytea NOT NULL,
    issuing_key_id varchar(100) NOT NULL
);

-- Serials are upper-case hex. RFC 5280 §4.1.2.2 caps them at 20 octets (40 digits); room is left for imported
-- certificates of external CAs that do not conform.
CREATE TABLE hub.ca_certificates (
    serial_number varchar(64) PRIMARY KEY CHECK (serial_number ~ '^[0-9A-F]+$'),
    kind varchar(24) NOT NULL CHECK (kind IN ('Organisation', 'Person', 'TimestampAuthority')),
    subject varchar(2000) NOT NULL,
    certificate bytea NOT NULL,
    -- Null when the key is held outside the Hub (certified from a PKCS#10 request, e.g. a person's UKey).
    key_id varchar(100),
    recorded_at timestamptz NOT NULL,
    is_external boolean NOT NULL,
    -- Issuer certificates (DER) from the issuer up to the root.
    chain bytea[] NOT NULL
);

-- Reason names of .NET's X509RevocationReason (RFC 5280 §5.3.1 codes, plus .NET's WeakAlgorithmOrKey); removeFromCRL
-- only belongs in delta CRLs and the CA refuses it.
CREATE TABLE hub.ca_revocations (
    serial_number varchar(64) PRIMARY KEY REFERENCES hub.ca_certificates (serial_number),
    reason varchar(24) NOT NULL CHECK (reason IN ('Unspecified', 'KeyCompromise', 'CACompromise', 'AffiliationChanged',
        'Superseded', 'CessationOfOperation', 'CertificateHold', 'PrivilegeWithdrawn', 'AACompromise', 'WeakAlgorithmOrKey')),
    revoked_at timestamptz NOT NULL
);

-- The last CRL number handed out (RFC 5280 §5.2.3: monotonically increasing). A row rather than a sequence: an
-- update is transactional, so importing a file state sets it together with everything else or not at all.
CREATE TABLE hub.ca_crl_number (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_number bigint NOT NULL CHECK (last_number > 0)
);

-- Which certificate serves which of the platform's own roles (the TSA, the evidence platform seal). Changed only by
-- compare-and-set, so nodes starting together agree on one certificate per role.
CREATE TABLE hub.trust_designations (
    role varchar(32) PRIMARY KEY CHECK (role IN ('TimestampAuthority', 'PlatformSeal')),
    serial_number varchar(64) NOT NULL REFERENCES hub.ca_certificates (serial_number),
    designated_at timestamptz NOT NULL
);
