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
