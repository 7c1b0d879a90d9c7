-- An approver's task shows the documents its instance made so far: read by instance, so indexed by it.
CREATE INDEX document_records_instance ON hub.document_records (instance_id) WHERE instance_id IS NOT NULL;
