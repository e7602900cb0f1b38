package com.galleryanalytics.analytics;

/** Whose numbers: the whole partner account, one category (with its subtree), one entry or one user. */
public sealed interface Scope {
    /** All of the partner's data. */
    record Account() implements Scope {}

    /** A category; its subtree too unless the filter excludes sub-categories. */
    record OfCategory(String categoryId) implements Scope {}

    /** One entry. */
    record OfEntry(String entryId) implements Scope {}

    /** One viewer (Unknown: anonymous viewers). */
    record OfUser(String userId) implements Scope {}
}
