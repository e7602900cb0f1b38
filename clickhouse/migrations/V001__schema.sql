-- Gallery Analytics schema for ClickHouse 26.x (the release pinned in .env). Nothing was deployed
-- before this file, so the migrations start again from V001.
--
-- Times are UTC. Raw events land in `events`; materialized views roll them up per family (entry,
-- user, geo, device, domain) in 15-minute buckets, so days and months cut exactly in every IANA
-- time zone (all offsets in use are multiples of 15 minutes: +05:30, +05:45, +12:45), and the
-- 15-minute rows roll on into UTC days and months (`*_coarse`, column `grain`), so a year-long range
-- reads about one row per key and month. `plays` keeps one row per play for completion.
--
-- Every table fed by an ingest INSERT keeps the ids of its last 10,000 inserted blocks
-- (non_replicated_deduplication_window): the service sends each INSERT with an
-- insert_deduplication_token, so a batch replayed after a failure that may have landed in part is
-- written exactly once in every table, the views' targets included.

-- Raw events, one row per accepted event.
CREATE TABLE IF NOT EXISTS events (
    partner_id LowCardinality(String),
    event_id String CODEC(ZSTD(1)),
    type LowCardinality(String),
    event_time DateTime('UTC') CODEC(Delta, ZSTD(1)),
    entry_id String,
    play_id String CODEC(ZSTD(1)),
    user_id String CODEC(ZSTD(1)),
    position_sec Float64 CODEC(ZSTD(1)),
    context_category_id LowCardinality(String),
    page_url String CODEC(ZSTD(1)),
    domain LowCardinality(String),
    url String CODEC(ZSTD(1)),
    user_agent String CODEC(ZSTD(1)),
    device LowCardinality(String),
    os LowCardinality(String),
    browser LowCardinality(String),
    playback_type LowCardinality(String),
    country LowCardinality(String),
    region LowCardinality(String),
    city LowCardinality(String),
    received_at DateTime('UTC') CODEC(Delta, ZSTD(1))
) ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (partner_id, entry_id, event_time)
SETTINGS non_replicated_deduplication_window = 10000;

-- Event ids already stored, so a repeated id is dropped at ingest (looked up by key).
CREATE TABLE IF NOT EXISTS event_ids (
    partner_id LowCardinality(String),
    event_id String
) ENGINE = ReplacingMergeTree
ORDER BY (partner_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv TO event_ids AS
SELECT partner_id, event_id FROM events WHERE event_id != '';

-- Rollup by entry: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_entry (
    partner_id LowCardinality(String),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_entry_mv TO rollup_entry AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id, playback_type, context_category_id,
    countIf(type = 'IMPRESSION') AS impressions,
    countIf(type = 'PLAY') AS plays,
    countIf(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id;

-- The same per UTC day and month (grain), rolled on from each block of 15-minute rows.
CREATE TABLE IF NOT EXISTS rollup_entry_coarse (
    partner_id LowCardinality(String),
    grain Enum8('day' = 1, 'month' = 2),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_entry_coarse_mv TO rollup_entry_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(rollup_entry.bucket), toDateTime(toStartOfMonth(rollup_entry.bucket), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id,
    sum(impressions) AS impressions,
    sum(plays) AS plays,
    sum(milestones) AS milestones,
    uniqExactIfMergeState(viewers) AS viewers
FROM rollup_entry
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id;

-- Rollup by user: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_user (
    partner_id LowCardinality(String),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    user_id String,
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_user_mv TO rollup_user AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id, playback_type, context_category_id, user_id,
    countIf(type = 'IMPRESSION') AS impressions,
    countIf(type = 'PLAY') AS plays,
    countIf(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, user_id;

-- The same per UTC day and month (grain), rolled on from each block of 15-minute rows.
CREATE TABLE IF NOT EXISTS rollup_user_coarse (
    partner_id LowCardinality(String),
    grain Enum8('day' = 1, 'month' = 2),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    user_id String,
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_user_coarse_mv TO rollup_user_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(rollup_user.bucket), toDateTime(toStartOfMonth(rollup_user.bucket), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, user_id,
    sum(impressions) AS impressions,
    sum(plays) AS plays,
    sum(milestones) AS milestones,
    uniqExactIfMergeState(viewers) AS viewers
FROM rollup_user
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, user_id;

-- Rollup by geo: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_geo (
    partner_id LowCardinality(String),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    country LowCardinality(String),
    region LowCardinality(String),
    city LowCardinality(String),
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, country, region, city)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_geo_mv TO rollup_geo AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id, playback_type, context_category_id, country, region, city,
    countIf(type = 'IMPRESSION') AS impressions,
    countIf(type = 'PLAY') AS plays,
    countIf(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, country, region, city;

-- The same per UTC day and month (grain), rolled on from each block of 15-minute rows.
CREATE TABLE IF NOT EXISTS rollup_geo_coarse (
    partner_id LowCardinality(String),
    grain Enum8('day' = 1, 'month' = 2),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    country LowCardinality(String),
    region LowCardinality(String),
    city LowCardinality(String),
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, country, region, city)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_geo_coarse_mv TO rollup_geo_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(rollup_geo.bucket), toDateTime(toStartOfMonth(rollup_geo.bucket), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, country, region, city,
    sum(impressions) AS impressions,
    sum(plays) AS plays,
    sum(milestones) AS milestones,
    uniqExactIfMergeState(viewers) AS viewers
FROM rollup_geo
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, country, region, city;

-- Rollup by device: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_device (
    partner_id LowCardinality(String),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    device LowCardinality(String),
    os LowCardinality(String),
    browser LowCardinality(String),
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, device, os, browser)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_device_mv TO rollup_device AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id, playback_type, context_category_id, device, os, browser,
    countIf(type = 'IMPRESSION') AS impressions,
    countIf(type = 'PLAY') AS plays,
    countIf(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, device, os, browser;

-- The same per UTC day and month (grain), rolled on from each block of 15-minute rows.
CREATE TABLE IF NOT EXISTS rollup_device_coarse (
    partner_id LowCardinality(String),
    grain Enum8('day' = 1, 'month' = 2),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    device LowCardinality(String),
    os LowCardinality(String),
    browser LowCardinality(String),
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, device, os, browser)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_device_coarse_mv TO rollup_device_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(rollup_device.bucket), toDateTime(toStartOfMonth(rollup_device.bucket), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, device, os, browser,
    sum(impressions) AS impressions,
    sum(plays) AS plays,
    sum(milestones) AS milestones,
    uniqExactIfMergeState(viewers) AS viewers
FROM rollup_device
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, device, os, browser;

-- Rollup by domain: counts and viewer sets per 15-minute bucket.
CREATE TABLE IF NOT EXISTS rollup_domain (
    partner_id LowCardinality(String),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    domain LowCardinality(String),
    url String,
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, bucket, entry_id, playback_type, context_category_id, domain, url)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_domain_mv TO rollup_domain AS
SELECT
    partner_id,
    toStartOfFifteenMinutes(event_time) AS bucket,
    entry_id, playback_type, context_category_id, domain, url,
    countIf(type = 'IMPRESSION') AS impressions,
    countIf(type = 'PLAY') AS plays,
    countIf(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100')) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, bucket, entry_id, playback_type, context_category_id, domain, url;

-- The same per UTC day and month (grain), rolled on from each block of 15-minute rows.
CREATE TABLE IF NOT EXISTS rollup_domain_coarse (
    partner_id LowCardinality(String),
    grain Enum8('day' = 1, 'month' = 2),
    bucket DateTime('UTC'),
    entry_id String,
    playback_type LowCardinality(String),
    context_category_id LowCardinality(String),
    domain LowCardinality(String),
    url String,
    impressions SimpleAggregateFunction(sum, UInt64),
    plays SimpleAggregateFunction(sum, UInt64),
    milestones SimpleAggregateFunction(sum, UInt64),
    viewers AggregateFunction(uniqExactIf, String, UInt8)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, domain, url)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_domain_coarse_mv TO rollup_domain_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(rollup_domain.bucket), toDateTime(toStartOfMonth(rollup_domain.bucket), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, domain, url,
    sum(impressions) AS impressions,
    sum(plays) AS plays,
    sum(milestones) AS milestones,
    uniqExactIfMergeState(viewers) AS viewers
FROM rollup_domain
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, domain, url;

-- One row per play (merged at query time by play_id): when its PLAY happened, where, and the
-- furthest playhead position any of its events reported (for completion rates). Events of a play
-- arriving in several batches or months merge by play_id when queried.
CREATE TABLE IF NOT EXISTS plays (
    partner_id LowCardinality(String),
    entry_id String,
    play_id String,
    month Date,
    play_time AggregateFunction(minIf, DateTime('UTC'), UInt8),
    max_position SimpleAggregateFunction(max, Float64),
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
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (partner_id, entry_id, play_id, month)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS plays_mv TO plays AS
SELECT
    partner_id,
    entry_id,
    play_id,
    toStartOfMonth(event_time) AS month,
    minIfState(event_time, toUInt8(type = 'PLAY')) AS play_time,
    max(position_sec) AS max_position,
    anyIfState(CAST(user_id AS String), toUInt8(type = 'PLAY')) AS user_id,
    anyIfState(CAST(playback_type AS String), toUInt8(type = 'PLAY')) AS playback_type,
    anyIfState(CAST(context_category_id AS String), toUInt8(type = 'PLAY')) AS context_category_id,
    anyIfState(CAST(country AS String), toUInt8(type = 'PLAY')) AS country,
    anyIfState(CAST(region AS String), toUInt8(type = 'PLAY')) AS region,
    anyIfState(CAST(city AS String), toUInt8(type = 'PLAY')) AS city,
    anyIfState(CAST(device AS String), toUInt8(type = 'PLAY')) AS device,
    anyIfState(CAST(os AS String), toUInt8(type = 'PLAY')) AS os,
    anyIfState(CAST(browser AS String), toUInt8(type = 'PLAY')) AS browser,
    anyIfState(CAST(domain AS String), toUInt8(type = 'PLAY')) AS domain,
    anyIfState(CAST(url AS String), toUInt8(type = 'PLAY')) AS url
FROM events
WHERE play_id != '' AND type != 'IMPRESSION'
GROUP BY partner_id, entry_id, play_id, month;

-- Catalog: the latest version of each row wins (read with FINAL).
CREATE TABLE IF NOT EXISTS categories (
    partner_id LowCardinality(String),
    id String,
    name String,
    parent_id String,
    created_at DateTime('UTC'),
    updated_at DateTime('UTC'),
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (partner_id, id);

CREATE TABLE IF NOT EXISTS entries (
    partner_id LowCardinality(String),
    id String,
    name String,
    creator_id String,
    duration_sec Float64,
    media_type LowCardinality(String),
    source_type LowCardinality(String),
    tags Array(String),
    category_ids Array(String),
    created_at DateTime('UTC'),
    updated_at DateTime('UTC'),
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (partner_id, id);

CREATE TABLE IF NOT EXISTS users (
    partner_id LowCardinality(String),
    id String,
    name String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (partner_id, id);
