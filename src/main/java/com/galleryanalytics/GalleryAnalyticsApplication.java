package com.galleryanalytics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GalleryAnalyticsApplication {
    public static void main(String[] args) {
        // jOOQ prints a logo and a "tip of the day" at its first use: noise in an operator's log
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        SpringApplication.run(GalleryAnalyticsApplication.class, args);
    }
}
