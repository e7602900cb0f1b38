package com.galleryanalytics.ingest;

/** Player events of the ingestion contract. Every type but IMPRESSION is an active viewing action. */
public enum EventType {
    IMPRESSION, PLAY, PLAY_REACHED_25, PLAY_REACHED_50, PLAY_REACHED_75, PLAY_REACHED_100, VIEW;

    public boolean needsPlayId() {
        return this != IMPRESSION;
    }
}
