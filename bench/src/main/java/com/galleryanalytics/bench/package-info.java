/**
 * The benchmark harness ({@code bin/bench}, never run by the test suite): loads generated
 * accounts, measures the dashboard (one GraphQL query with every panel of a big category) with 1
 * and 16 concurrent clients, the same statements sent straight to ClickHouse (the floor), the same
 * statements rewritten to read raw events (what the rollups save), ingest through the API against
 * direct inserts, and the service's heap; writes {@code bench/RESULTS.md}.
 */
package com.galleryanalytics.bench;
