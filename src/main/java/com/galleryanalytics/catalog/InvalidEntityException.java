package com.galleryanalytics.catalog;

/** An entity in an upsert request is not valid; names the item and field. */
public class InvalidEntityException extends RuntimeException {
    private final int index;
    private final String field;

    public InvalidEntityException(int index, String field, String message) {
        super(message);
        this.index = index;
        this.field = field;
    }

    public int index() {
        return index;
    }

    public String field() {
        return field;
    }
}
