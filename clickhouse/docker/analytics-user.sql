-- Run once by the official image at its first start (docker-compose.yml mounts this folder as
-- /docker-entrypoint-initdb.d): the read-only user of the service's analytics pool, with the same
-- per-statement limits the embedded server's users.xml gives it (gallery.query.* defaults).
CREATE USER IF NOT EXISTS analytics IDENTIFIED WITH sha256_password BY 'analytics'
    SETTINGS readonly = 2, max_execution_time = 30, max_memory_usage = 4000000000;
GRANT SELECT ON default.* TO analytics;
