package com.galleryanalytics.security;

/**
 * The authenticated caller of a request.
 *
 * @param partnerId the partner (tenant) all data access is scoped to
 * @param role      what the key may do
 */
public record Caller(String partnerId, Role role) {
    /** Request attribute and GraphQL context key under which the caller is kept. */
    public static final String ATTRIBUTE = "com.galleryanalytics.security.Caller";
}
