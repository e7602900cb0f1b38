package com.galleryanalytics.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a {@code /graphql} request refused before GraphQL ran (no key, not JSON): shaped as
 * a GraphQL answer with one error, so a GraphQL client shows it like any other. Records and an
 * ordered map, so the fields always come in the same order.
 */
public record GraphqlErrorBody(List<Error> errors) {
    /** One error: its message and its classification (and code, when there is one). */
    public record Error(String message, Map<String, String> extensions) {}

    public static GraphqlErrorBody of(String message, String classification, String code) {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("classification", classification);
        if (code != null) {
            extensions.put("code", code);
        }
        return new GraphqlErrorBody(List.of(new Error(message, extensions)));
    }
}
