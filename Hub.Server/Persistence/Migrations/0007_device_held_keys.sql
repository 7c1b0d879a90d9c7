-- A person may hold their own signing key on a UKey: the Hub CA certifies it from a PKCS#10 request and never sees
-- the private key, so such a certificate has no key id in the Hub's key store.
ALTER TABLE identity.certificates ALTER COLUMN key_id DROP NOT NULL;
