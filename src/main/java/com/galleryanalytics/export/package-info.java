/** CSV exports of every dashboard table and drill-down: same filter and sort, all rows, streamed. */
package com.galleryanalytics.export;
