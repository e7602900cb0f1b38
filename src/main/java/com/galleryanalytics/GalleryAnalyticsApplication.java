package com.galleryanalytics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GalleryAnalyticsApplication {
    public static void main(String[] args) {
        SpringApplication.run(GalleryAnalyticsApplication.class, args);
    }
}
