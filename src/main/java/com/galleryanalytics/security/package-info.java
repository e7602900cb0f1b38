/**
 * Bearer API keys: each binds a caller to one partner (tenant) and one role. The partner of every
 * read and write comes from the key, never from a request argument.
 */
package com.galleryanalytics.security;
