-- BI access: plain-column views for BI tools (Grafana, Superset, Metabase), read by the partners'
-- BI users (created through POST /v1/admin/bi-users), whose row policy keeps each to its partner.
-- Days and months are UTC (the coarse rollups' grains). Each row's unique viewers are exact for
-- that row's day or month: they do not add up over days (use the service for other ranges).
-- minutes_viewed: each milestone event counts a quarter of its entry's duration; drop-off:
-- milestones x 0.25 / plays; completion: per play, the furthest position / duration (capped at 1),
-- counted on the day of the play's PLAY event and in its PLAY event's row, / plays.

-- Which partner each BI user reads, and its password's SHA-256 (the embedded server's users.xml is
-- written from it; a configured server keeps its own copy of the user).
CREATE TABLE IF NOT EXISTS bi_users (
    partner_id LowCardinality(String),
    user_name String,
    name String,
    password_sha256 String,
    created_at DateTime('UTC'),
    revoked UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (partner_id, user_name);

-- One row per play with its PLAY event: when, its completion and the PLAY event's dimensions.
CREATE VIEW IF NOT EXISTS bi_plays AS
SELECT p.partner_id AS partner_id, p.entry_id AS entry_id, p.play_id AS play_id, p.play_time AS play_time,
    if(e.duration_sec > 0, least(p.max_position / e.duration_sec, 1), 0) AS completion,
    p.country AS country, p.device AS device, p.domain AS domain
FROM (
    SELECT partner_id, entry_id, play_id, minIfMerge(play_time) AS play_time, max(max_position) AS max_position,
        anyIfMerge(country) AS country, anyIfMerge(device) AS device, anyIfMerge(domain) AS domain
    FROM plays
    GROUP BY partner_id, entry_id, play_id
) AS p
LEFT JOIN (SELECT partner_id, id, duration_sec FROM entries FINAL) AS e ON e.partner_id = p.partner_id AND e.id = p.entry_id
WHERE p.play_time > toDateTime(0, 'UTC');

CREATE VIEW IF NOT EXISTS bi_category_daily AS
SELECT c.partner_id AS partner_id, c.day AS day, c.category_id AS category_id, cat.name AS category_name,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS day, e.category_id AS category_id,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_entry_coarse AS r
    INNER JOIN (SELECT partner_id, id, name, duration_sec, arrayJoin(category_ids) AS category_id FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'day'
    GROUP BY partner_id, day, category_id
) AS c
LEFT JOIN (
    SELECT b.partner_id AS partner_id, toDate(b.play_time) AS day, e.category_id AS category_id, sum(b.completion) AS completion_sum
    FROM bi_plays AS b
    INNER JOIN (SELECT partner_id, id, arrayJoin(category_ids) AS category_id FROM entries FINAL) AS e ON e.partner_id = b.partner_id AND e.id = b.entry_id
    GROUP BY partner_id, day, category_id
) AS p ON c.partner_id = p.partner_id AND c.day = p.day AND c.category_id = p.category_id
LEFT JOIN (SELECT partner_id, id, name FROM categories FINAL) AS cat ON cat.partner_id = c.partner_id AND cat.id = c.category_id;

CREATE VIEW IF NOT EXISTS bi_entry_daily AS
SELECT c.partner_id AS partner_id, c.day AS day, c.entry_id AS entry_id, c.entry_name AS entry_name,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS day, r.entry_id AS entry_id, any(e.name) AS entry_name,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_entry_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'day'
    GROUP BY partner_id, day, entry_id
) AS c
LEFT JOIN (
    SELECT partner_id, toDate(play_time) AS day, entry_id, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, day, entry_id
) AS p ON c.partner_id = p.partner_id AND c.day = p.day AND c.entry_id = p.entry_id;

CREATE VIEW IF NOT EXISTS bi_country_daily AS
SELECT c.partner_id AS partner_id, c.day AS day, c.country AS country,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS day, r.country AS country,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_geo_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'day'
    GROUP BY partner_id, day, country
) AS c
LEFT JOIN (
    SELECT partner_id, toDate(play_time) AS day, country, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, day, country
) AS p ON c.partner_id = p.partner_id AND c.day = p.day AND c.country = p.country;

CREATE VIEW IF NOT EXISTS bi_device_daily AS
SELECT c.partner_id AS partner_id, c.day AS day, c.device AS device,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS day, r.device AS device,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_device_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'day'
    GROUP BY partner_id, day, device
) AS c
LEFT JOIN (
    SELECT partner_id, toDate(play_time) AS day, device, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, day, device
) AS p ON c.partner_id = p.partner_id AND c.day = p.day AND c.device = p.device;

CREATE VIEW IF NOT EXISTS bi_domain_daily AS
SELECT c.partner_id AS partner_id, c.day AS day, c.domain AS domain,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS day, r.domain AS domain,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_domain_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'day'
    GROUP BY partner_id, day, domain
) AS c
LEFT JOIN (
    SELECT partner_id, toDate(play_time) AS day, domain, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, day, domain
) AS p ON c.partner_id = p.partner_id AND c.day = p.day AND c.domain = p.domain;

CREATE VIEW IF NOT EXISTS bi_category_monthly AS
SELECT c.partner_id AS partner_id, c.month AS month, c.category_id AS category_id, cat.name AS category_name,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS month, e.category_id AS category_id,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_entry_coarse AS r
    INNER JOIN (SELECT partner_id, id, name, duration_sec, arrayJoin(category_ids) AS category_id FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'month'
    GROUP BY partner_id, month, category_id
) AS c
LEFT JOIN (
    SELECT b.partner_id AS partner_id, toStartOfMonth(toDate(b.play_time)) AS month, e.category_id AS category_id, sum(b.completion) AS completion_sum
    FROM bi_plays AS b
    INNER JOIN (SELECT partner_id, id, arrayJoin(category_ids) AS category_id FROM entries FINAL) AS e ON e.partner_id = b.partner_id AND e.id = b.entry_id
    GROUP BY partner_id, month, category_id
) AS p ON c.partner_id = p.partner_id AND c.month = p.month AND c.category_id = p.category_id
LEFT JOIN (SELECT partner_id, id, name FROM categories FINAL) AS cat ON cat.partner_id = c.partner_id AND cat.id = c.category_id;

CREATE VIEW IF NOT EXISTS bi_entry_monthly AS
SELECT c.partner_id AS partner_id, c.month AS month, c.entry_id AS entry_id, c.entry_name AS entry_name,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS month, r.entry_id AS entry_id, any(e.name) AS entry_name,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_entry_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'month'
    GROUP BY partner_id, month, entry_id
) AS c
LEFT JOIN (
    SELECT partner_id, toStartOfMonth(toDate(play_time)) AS month, entry_id, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, month, entry_id
) AS p ON c.partner_id = p.partner_id AND c.month = p.month AND c.entry_id = p.entry_id;

CREATE VIEW IF NOT EXISTS bi_country_monthly AS
SELECT c.partner_id AS partner_id, c.month AS month, c.country AS country,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS month, r.country AS country,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_geo_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'month'
    GROUP BY partner_id, month, country
) AS c
LEFT JOIN (
    SELECT partner_id, toStartOfMonth(toDate(play_time)) AS month, country, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, month, country
) AS p ON c.partner_id = p.partner_id AND c.month = p.month AND c.country = p.country;

CREATE VIEW IF NOT EXISTS bi_device_monthly AS
SELECT c.partner_id AS partner_id, c.month AS month, c.device AS device,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS month, r.device AS device,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_device_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'month'
    GROUP BY partner_id, month, device
) AS c
LEFT JOIN (
    SELECT partner_id, toStartOfMonth(toDate(play_time)) AS month, device, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, month, device
) AS p ON c.partner_id = p.partner_id AND c.month = p.month AND c.device = p.device;

CREATE VIEW IF NOT EXISTS bi_domain_monthly AS
SELECT c.partner_id AS partner_id, c.month AS month, c.domain AS domain,
    c.player_impressions AS player_impressions, c.plays AS plays, c.unique_viewers AS unique_viewers,
    c.minutes_viewed AS minutes_viewed,
    if(c.plays = 0, 0, c.milestones * 0.25 / c.plays) AS avg_drop_off_rate,
    if(c.plays = 0, 0, p.completion_sum / c.plays) AS avg_completion_rate
FROM (
    SELECT r.partner_id AS partner_id, toDate(r.bucket) AS month, r.domain AS domain,
        sum(r.impressions) AS player_impressions, sum(r.plays) AS plays, uniqExactIfMerge(r.viewers) AS unique_viewers,
        sum(r.milestones) AS milestones, sum(r.milestones * e.duration_sec) / 4 / 60 AS minutes_viewed
    FROM rollup_domain_coarse AS r
    LEFT JOIN (SELECT partner_id, id, name, duration_sec FROM entries FINAL) AS e ON e.partner_id = r.partner_id AND e.id = r.entry_id
    WHERE r.grain = 'month'
    GROUP BY partner_id, month, domain
) AS c
LEFT JOIN (
    SELECT partner_id, toStartOfMonth(toDate(play_time)) AS month, domain, sum(completion) AS completion_sum
    FROM bi_plays
    GROUP BY partner_id, month, domain
) AS p ON c.partner_id = p.partner_id AND c.month = p.month AND c.domain = p.domain;
