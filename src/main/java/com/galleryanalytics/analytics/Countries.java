package com.galleryanalytics.analytics;

import java.util.Locale;
import java.util.Set;

/** Display names of the countries events carry (ISO 3166 codes, usually). */
public final class Countries {
    private static final Set<String> ISO = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    /** The English name when {@code country} is an ISO code; "Unknown" when empty; else itself. */
    public static String displayName(String country) {
        if (country.isEmpty()) {
            return "Unknown";
        }
        String code = country.toUpperCase(Locale.ROOT);
        return ISO.contains(code) ? Locale.of("", code).getDisplayCountry(Locale.ENGLISH) : country;
    }
}
