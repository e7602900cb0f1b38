package com.galleryanalytics.generator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The generator's entry point: the accounts (the partner's and the noise partners') and their
 * events as a stream in time order, one day in memory at a time. Same configuration, same output.
 */
public final class DataGenerator {
    /** Days of events: the 365 days before the end date. */
    public static final int DAYS = 365;

    private final GeneratorConfig config;
    private final List<Account> accounts = new ArrayList<>();

    public DataGenerator(GeneratorConfig config) {
        this.config = config;
        LocalDate start = windowStart();
        long accountEvents = config.accountEvents();
        accounts.add(Account.generate(config.seed(), config.partnerId(), config.entryCount(), config.userCount(), start, DAYS));
        for (int i = 0; i < config.noisePartners(); i++) {
            long noiseEvents = noiseEvents(i);
            accounts.add(Account.generate(config.seed(), config.noisePartnerId(i), GeneratorConfig.scaled(2_000, 20, noiseEvents * 4),
                    GeneratorConfig.scaled(100_000, 50, noiseEvents * 4), start, DAYS));
        }
        if (accountEvents < 0) {
            throw new IllegalStateException();
        }
    }

    public GeneratorConfig config() {
        return config;
    }

    /** First day of events (UTC). */
    public LocalDate windowStart() {
        return config.endDate().minusDays(DAYS);
    }

    /** Last day of events (UTC): the day before the end date. */
    public LocalDate windowEnd() {
        return config.endDate().minusDays(1);
    }

    /** The partner's account first, then the noise partners'. */
    public List<Account> accounts() {
        return List.copyOf(accounts);
    }

    public Account account() {
        return accounts.get(0);
    }

    private long noiseEvents(int i) {
        long noise = config.events() - config.accountEvents();
        long each = noise / config.noisePartners();
        return i == 0 ? noise - each * (config.noisePartners() - 1) : each;
    }

    /** Every event of every partner, day by day, in time order within each day. */
    public Iterator<GeneratedEvent> events() {
        List<Traffic> traffic = new ArrayList<>();
        LocalDate start = windowStart();
        traffic.add(new Traffic(accounts.get(0), config.seed(), 0, config.accountEvents(), config.heartbeatSec(),
                config.eventIds(), start, DAYS));
        for (int i = 0; i < config.noisePartners(); i++) {
            traffic.add(new Traffic(accounts.get(i + 1), config.seed(), i + 1, noiseEvents(i), config.heartbeatSec(),
                    config.eventIds(), start, DAYS));
        }
        return new Iterator<>() {
            private final List<GeneratedEvent> day = new ArrayList<>();
            /** Events of sessions that ran past midnight: they belong to the next day's batch. */
            private final List<GeneratedEvent> carried = new ArrayList<>();
            private final long firstDay = start.toEpochDay();
            private int nextDay;
            private int position;

            @Override
            public boolean hasNext() {
                while (position >= day.size() && nextDay < DAYS) {
                    day.clear();
                    position = 0;
                    day.addAll(carried);
                    carried.clear();
                    for (Traffic t : traffic) {
                        t.day(nextDay, day);
                    }
                    day.sort(Comparator.comparingLong(GeneratedEvent::epochSecond)); // stable: ties keep session order
                    nextDay++;
                    long dayEnd = (firstDay + nextDay) * 86_400L;
                    int cut = day.size();
                    while (cut > 0 && day.get(cut - 1).epochSecond() >= dayEnd) {
                        cut--;
                    }
                    if (nextDay < DAYS && cut < day.size()) {
                        List<GeneratedEvent> tail = day.subList(cut, day.size());
                        carried.addAll(tail);
                        tail.clear();
                    }
                }
                return position < day.size();
            }

            @Override
            public GeneratedEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                GeneratedEvent e = day.get(position);
                day.set(position++, null);
                return e;
            }
        };
    }

    public Stream<GeneratedEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
