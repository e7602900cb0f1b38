package com.galleryanalytics.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API keys from configuration: {@code gallery.keys[0].key=...}, {@code .partner=...}, {@code .role=INGEST|ANALYTICS|ADMIN}.
 */
@ConfigurationProperties("gallery")
public record ApiKeyProperties(List<Key> keys) {
    public ApiKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One configured key. */
    public record Key(String key, String partner, Role role) {}
}
