package com.galleryanalytics.analytics;

/** A filter or argument that cannot be answered (bad time zone, {@code to} before {@code from}, ...). */
public class InvalidFilterException extends RuntimeException {
    public InvalidFilterException(String message) {
        super(message);
    }
}
