package com.galleryanalytics.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Device type, operating system and browser from a user agent, with the maintained ua-parser
 * rules. Results are cached: a portal's traffic repeats a few thousand user agents.
 */
@Component
public class DeviceDetection {
    /** What a user agent says about the viewer's device. */
    public record Device(String type, String os, String browser) {}

    private static final int CACHE_SIZE = 10_000;
    private static final Device NONE = new Device("OTHER", "Other", "Other");
    private final Parser parser = new Parser();
    /**
     * Read without a lock by every request thread (a synchronized LRU map was a point of
     * contention); when full it starts over, which the few thousand agents of real traffic refill
     * at once. A result depends on the user agent alone, so the policy never changes an answer.
     */
    private final Map<String, Device> cache = new ConcurrentHashMap<>(1024);

    public Device detect(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return NONE;
        }
        Device cached = cache.get(userAgent);
        if (cached != null) {
            return cached;
        }
        Client client = parser.parse(userAgent);
        Device device = new Device(type(userAgent, client), client.os.family, client.userAgent.family);
        if (cache.size() >= CACHE_SIZE) {
            cache.clear();
        }
        cache.put(userAgent, device);
        return device;
    }

    private static String type(String userAgent, Client client) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        String family = client.device.family == null ? "" : client.device.family.toLowerCase(Locale.ROOT);
        if ("spider".equals(family) || ua.contains("bot") || ua.contains("crawler")) {
            return "OTHER";
        }
        if (ua.contains("smart-tv") || ua.contains("smarttv") || ua.contains("appletv") || ua.contains("crkey")
                || ua.contains("roku") || ua.contains("tizen") && ua.contains("tv") || ua.contains("webos")
                || ua.contains("hbbtv") || ua.contains("android tv")) {
            return "TV";
        }
        if (family.contains("ipad") || ua.contains("tablet") || ua.contains("android") && !ua.contains("mobile")
                || ua.contains("kindle") || ua.contains("silk/")) {
            return "TABLET";
        }
        if (ua.contains("mobi") || family.contains("iphone") || ua.contains("android") || ua.contains("iphone")) {
            return "MOBILE";
        }
        if (ua.contains("windows") || ua.contains("macintosh") || ua.contains("x11") || ua.contains("linux")
                || ua.contains("cros")) {
            return "DESKTOP";
        }
        return "OTHER";
    }
}
