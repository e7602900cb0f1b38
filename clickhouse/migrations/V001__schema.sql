-- Gallery Analytics schema. Every statement runs on ClickHouse 18.16 and current releases.
-- Times are stored in UTC; rollup buckets are 15 minutes, so days and months cut exactly in
-- every IANA time zone (all offsets in use are multiples of 15 minutes: +05:30, +05:45, +12:45).

-- Raw events, one row per accepted event.
CREATE TABLE IF NOT EXISTS events (
    partner_id String,
    event_id String,
    type String,
    event_time DateTime('UTC'),
    entry_id String,
    play_id String,
    user_id String,
    position_sec Float64,
    context_category_id String,
    page_url String,
    domain String,
    url String,
    user_agent String,
    device String,
    os String,
    browser String,
    playback_type String,
    country String,
    region String,
    city String,
    received_at DateTime('UTC')
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(event_time)
ORDER BY (partner_id, entry_id, event_time);

-- Event ids already stored, so a repeated id is dropped at ingest (looked up by key).
CREATE TABLE IF NOT EXISTS event_ids (
    partner_id String,
    event_id String
) ENGINE = ReplacingMergeTree()
ORDER BY (partner_id, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv TO event_ids AS
SELECT partner_id, event_id FROM events WHERE event_id != '';

-- Rollup by entry: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_entry (
    partner_id String,
    bucket DateTime('UTC'),
    entry_id String,
    playback_type String,
    context_category_id String,
    impressions AggregateFunction(sum, UInt64),
    plays AggregateFunction(sum, UInt64),
    milestones AggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_entry_mv TO rollup_entry AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id,
    playback_type,
    context_category_id,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id;

-- Rollup by user: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_user (
    partner_id String,
    bucket DateTime('UTC'),
    entry_id String,
    playback_type String,
    context_category_id String,
    user_id String,
    impressions AggregateFunction(sum, UInt64),
    plays AggregateFunction(sum, UInt64),
    milestones AggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_user_mv TO rollup_user AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id,
    playback_type,
    context_category_id,
    user_id,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, user_id;

-- Rollup by geo: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_geo (
    partner_id String,
    bucket DateTime('UTC'),
    entry_id String,
    playback_type String,
    context_category_id String,
    country String,
    region String,
    city String,
    impressions AggregateFunction(sum, UInt64),
    plays AggregateFunction(sum, UInt64),
    milestones AggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, country, region, city);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_geo_mv TO rollup_geo AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id,
    playback_type,
    context_category_id,
    country,
    region,
    city,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, country, region, city;

-- Rollup by device: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_device (
    partner_id String,
    bucket DateTime('UTC'),
    entry_id String,
    playback_type String,
    context_category_id String,
    device String,
    os String,
    browser String,
    impressions AggregateFunction(sum, UInt64),
    plays AggregateFunction(sum, UInt64),
    milestones AggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, device, os, browser);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_device_mv TO rollup_device AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id,
    playback_type,
    context_category_id,
    device,
    os,
    browser,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, device, os, browser;

-- Rollup by domain: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_domain (
    partner_id String,
    bucket DateTime('UTC'),
    entry_id String,
    playback_type String,
    context_category_id String,
    domain String,
    url String,
    impressions AggregateFunction(sum, UInt64),
    plays AggregateFunction(sum, UInt64),
    milestones AggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, domain, url);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_domain_mv TO rollup_domain AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id,
    playback_type,
    context_category_id,
    domain,
    url,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, domain, url;

-- One row per play (merged at query time by play_id): when its PLAY happened, where, and
-- the furthest playhead position any of its events reported (for completion rates).
-- Events of a play arriving in several batches or months merge by play_id when queried.
CREATE TABLE IF NOT EXISTS plays (
    partner_id String,
    entry_id String,
    play_id String,
    month Date,
    play_time AggregateFunction(minIf, DateTime('UTC'), UInt8),
    max_position AggregateFunction(max, Float64),
    user_id AggregateFunction(anyIf, String, UInt8),
    playback_type AggregateFunction(anyIf, String, UInt8),
    context_category_id AggregateFunction(anyIf, String, UInt8),
    country AggregateFunction(anyIf, String, UInt8),
    region AggregateFunction(anyIf, String, UInt8),
    city AggregateFunction(anyIf, String, UInt8),
    device AggregateFunction(anyIf, String, UInt8),
    os AggregateFunction(anyIf, String, UInt8),
    browser AggregateFunction(anyIf, String, UInt8),
    domain AggregateFunction(anyIf, String, UInt8),
    url AggregateFunction(anyIf, String, UInt8)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(month)
ORDER BY (partner_id, entry_id, play_id, month);

CREATE MATERIALIZED VIEW IF NOT EXISTS plays_mv TO plays AS
SELECT
    partner_id,
    entry_id,
    play_id,
    toStartOfMonth(event_time) AS month,
    minIfState(event_time, toUInt8(type = 'PLAY')) AS play_time,
    maxState(position_sec) AS max_position,
    anyIfState(user_id, toUInt8(type = 'PLAY')) AS user_id,
    anyIfState(playback_type, toUInt8(type = 'PLAY')) AS playback_type,
    anyIfState(context_category_id, toUInt8(type = 'PLAY')) AS context_category_id,
    anyIfState(country, toUInt8(type = 'PLAY')) AS country,
    anyIfState(region, toUInt8(type = 'PLAY')) AS region,
    anyIfState(city, toUInt8(type = 'PLAY')) AS city,
    anyIfState(device, toUInt8(type = 'PLAY')) AS device,
    anyIfState(os, toUInt8(type = 'PLAY')) AS os,
    anyIfState(browser, toUInt8(type = 'PLAY')) AS browser,
    anyIfState(domain, toUInt8(type = 'PLAY')) AS domain,
    anyIfState(url, toUInt8(type = 'PLAY')) AS url
FROM events
WHERE play_id != '' AND type != 'IMPRESSION'
GROUP BY partner_id, entry_id, play_id, month;

-- Catalog: latest version of each row wins (read with FINAL).
CREATE TABLE IF NOT EXISTS categories (
    partner_id String,
    id String,
    name String,
    parent_id String,
    created_at DateTime('UTC'),
    updated_at DateTime('UTC'),
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (partner_id, id);

CREATE TABLE IF NOT EXISTS entries (
    partner_id String,
    id String,
    name String,
    creator_id String,
    duration_sec Float64,
    media_type String,
    source_type String,
    tags Array(String),
    category_ids Array(String),
    created_at DateTime('UTC'),
    updated_at DateTime('UTC'),
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (partner_id, id);

CREATE TABLE IF NOT EXISTS users (
    partner_id String,
    id String,
    name String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (partner_id, id);
