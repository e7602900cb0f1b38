package com.galleryanalytics.web;

/**
 * The body of a refused REST request: a code a client can switch on, and a sentence saying what
 * to change. A record, so the two always come in this order (a client or a README may show them).
 */
public record ErrorBody(String error, String message) {}
