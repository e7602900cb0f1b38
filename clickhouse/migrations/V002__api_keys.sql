-- API keys created through the admin endpoints. Only a SHA-256 of each key is stored; the key
-- itself is shown once, when it is created. Revoking writes a newer version with revoked = 1.
CREATE TABLE IF NOT EXISTS api_keys (
    key_id String,
    partner_id LowCardinality(String),
    role LowCardinality(String),
    key_hash String,
    name String,
    created_at DateTime('UTC'),
    revoked UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY key_id;
