/**
 * Realistic, seeded data for a partner account at any size, and the loaders that put it into the
 * service. Owns: the account model (category tree, entries with durations, users, creators), the
 * event stream (impression → play → milestones → heartbeats, early exits, replays; Zipf-skewed
 * entries, users and domains; countries → regions → cities; a device and browser mix; 12 months
 * with daily and weekly rhythm; other partners' noise), its two sinks (the public HTTP API, and a
 * bulk insert straight into ClickHouse's {@code events} table, which feeds the same materialized
 * views) and the command line ({@link com.galleryanalytics.generator.GeneratorCli}).
 *
 * <p>The output depends on the seed and the configuration only: one {@link java.util.SplittableRandom}
 * stream per concern and day, an explicit end date, no wall clock, no hash iteration order. The
 * event stream is produced day by day (one day of events in memory at a time), so any size fits.
 * Nothing here is used by the service at run time.
 */
package com.galleryanalytics.generator;
