-- Documents and templates as managed records (issue 11, items 7 and 9). Written by Hub.Server/Documents
-- (DocumentRecordStore, TemplateStore); read by the documents and templates API and `./hub document get`.

-- One record per document the Hub holds in hub.documents, written in the same transaction as the document: whose it is
-- (the organisation of the instance that made it), what it is, and where it came from. A flow may read, seal or archive
-- only documents whose organisation lies in its own subtree, and a document without a record is refused.
CREATE TABLE hub.document_records (
    document_id char(64) PRIMARY KEY REFERENCES hub.documents (document_id),
    organisation_id uuid NOT NULL,
    organisation_path varchar(2000) NOT NULL,
    category varchar(100),
    counterparty varchar(200),
    title varchar(300),
    file_name varchar(255) NOT NULL,
    kind varchar(16) NOT NULL CHECK (kind IN ('generated', 'sealed', 'evidence-report')),
    instance_id uuid,
    node_id varchar(200),
    -- A sealed PDF derives from the generated one, an evidence report from the document it reports on.
    derived_from char(64) REFERENCES hub.document_records (document_id),
    created_at timestamptz NOT NULL,
    -- Set when the document was stored in the archive; the API's status is 'archived' from then on.
    archived_at timestamptz
);

CREATE INDEX document_records_organisation ON hub.document_records (organisation_path text_pattern_ops, created_at DESC);
CREATE INDEX document_records_derived_from ON hub.document_records (derived_from);

-- Word templates, versioned: each accepted upload of a name is its next version. The owner is an organisation (its
-- flows and those of its descendants may use it) or null for the platform's templates, which every flow may use and
-- only an HqAdmin may change. The owner is fixed by the first version.
CREATE TABLE hub.document_templates (
    name varchar(64) NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    version integer NOT NULL CHECK (version >= 1),
    owner_organisation_id uuid,
    owner_path varchar(2000),
    docx bytea NOT NULL,
    input_schema text NOT NULL,
    sample_data text NOT NULL,
    -- SHA-256 over the .docx, schema and sample: seeding adds a shipped template only when this content is new.
    fingerprint char(64) NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    uploaded_by varchar(200) NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (name, version),
    CHECK ((owner_organisation_id IS NULL) = (owner_path IS NULL))
);
