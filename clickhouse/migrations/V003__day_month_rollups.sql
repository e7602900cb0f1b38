-- Day and month rollups beside the 15-minute ones, so a year-long range reads about one row per
-- entry and month instead of one per 15-minute bucket. Each family gets one table holding both
-- grains (`grain`: 'day' = UTC day, 'month' = UTC month; `bucket` is the grain's first instant,
-- UTC). A query cuts its [start, end) range into whole UTC months, whole UTC days and the
-- 15-minute remainder at its edges (local midnights of its time zone), and reads each piece from
-- the matching grain, so every time zone stays exact. Same columns and states as the 15-minute
-- tables; fed from `events` by their own views (ClickHouse 18.16 does not cascade views), and
-- filled once from the 15-minute rollups for data stored before this migration.

CREATE TABLE IF NOT EXISTS rollup_entry_coarse (
    partner_id String,
    grain Enum8('day' = 1, 'month' = 2),
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
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_entry_coarse_mv TO rollup_entry_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(event_time), toDateTime(toStartOfMonth(event_time), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id;

INSERT INTO rollup_entry_coarse
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(bucket), toDateTime(toStartOfMonth(bucket), 'UTC')) AS coarse_bucket,
    entry_id, playback_type, context_category_id,
    sumMergeState(impressions),
    sumMergeState(plays),
    sumMergeState(milestones),
    uniqExactIfMergeState(viewers)
FROM rollup_entry
GROUP BY partner_id, grain, coarse_bucket, entry_id, playback_type, context_category_id;

CREATE TABLE IF NOT EXISTS rollup_user_coarse (
    partner_id String,
    grain Enum8('day' = 1, 'month' = 2),
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
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_user_coarse_mv TO rollup_user_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(event_time), toDateTime(toStartOfMonth(event_time), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, user_id,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, user_id;

INSERT INTO rollup_user_coarse
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(bucket), toDateTime(toStartOfMonth(bucket), 'UTC')) AS coarse_bucket,
    entry_id, playback_type, context_category_id, user_id,
    sumMergeState(impressions),
    sumMergeState(plays),
    sumMergeState(milestones),
    uniqExactIfMergeState(viewers)
FROM rollup_user
GROUP BY partner_id, grain, coarse_bucket, entry_id, playback_type, context_category_id, user_id;

CREATE TABLE IF NOT EXISTS rollup_geo_coarse (
    partner_id String,
    grain Enum8('day' = 1, 'month' = 2),
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
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, country, region, city);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_geo_coarse_mv TO rollup_geo_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(event_time), toDateTime(toStartOfMonth(event_time), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, country, region, city,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, country, region, city;

INSERT INTO rollup_geo_coarse
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(bucket), toDateTime(toStartOfMonth(bucket), 'UTC')) AS coarse_bucket,
    entry_id, playback_type, context_category_id, country, region, city,
    sumMergeState(impressions),
    sumMergeState(plays),
    sumMergeState(milestones),
    uniqExactIfMergeState(viewers)
FROM rollup_geo
GROUP BY partner_id, grain, coarse_bucket, entry_id, playback_type, context_category_id, country, region, city;

CREATE TABLE IF NOT EXISTS rollup_device_coarse (
    partner_id String,
    grain Enum8('day' = 1, 'month' = 2),
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
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, device, os, browser);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_device_coarse_mv TO rollup_device_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(event_time), toDateTime(toStartOfMonth(event_time), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, device, os, browser,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, device, os, browser;

INSERT INTO rollup_device_coarse
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(bucket), toDateTime(toStartOfMonth(bucket), 'UTC')) AS coarse_bucket,
    entry_id, playback_type, context_category_id, device, os, browser,
    sumMergeState(impressions),
    sumMergeState(plays),
    sumMergeState(milestones),
    uniqExactIfMergeState(viewers)
FROM rollup_device
GROUP BY partner_id, grain, coarse_bucket, entry_id, playback_type, context_category_id, device, os, browser;

CREATE TABLE IF NOT EXISTS rollup_domain_coarse (
    partner_id String,
    grain Enum8('day' = 1, 'month' = 2),
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
ORDER BY (partner_id, grain, bucket, entry_id, playback_type, context_category_id, domain, url);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_domain_coarse_mv TO rollup_domain_coarse AS
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(event_time), toDateTime(toStartOfMonth(event_time), 'UTC')) AS bucket,
    entry_id, playback_type, context_category_id, domain, url,
    sumState(toUInt64(type = 'IMPRESSION')) AS impressions,
    sumState(toUInt64(type = 'PLAY')) AS plays,
    sumState(toUInt64(type IN ('PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100'))) AS milestones,
    uniqExactIfState(user_id, toUInt8(type != 'IMPRESSION')) AS viewers
FROM events
GROUP BY partner_id, grain, bucket, entry_id, playback_type, context_category_id, domain, url;

INSERT INTO rollup_domain_coarse
SELECT
    partner_id,
    CAST(arrayJoin(['day', 'month']) AS Enum8('day' = 1, 'month' = 2)) AS grain,
    if(grain = 'day', toStartOfDay(bucket), toDateTime(toStartOfMonth(bucket), 'UTC')) AS coarse_bucket,
    entry_id, playback_type, context_category_id, domain, url,
    sumMergeState(impressions),
    sumMergeState(plays),
    sumMergeState(milestones),
    uniqExactIfMergeState(viewers)
FROM rollup_domain
GROUP BY partner_id, grain, coarse_bucket, entry_id, playback_type, context_category_id, domain, url;
