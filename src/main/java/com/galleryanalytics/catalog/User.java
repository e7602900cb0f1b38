package com.galleryanalytics.catalog;

/** A viewer or content creator. */
public record User(String id, String name) {}
