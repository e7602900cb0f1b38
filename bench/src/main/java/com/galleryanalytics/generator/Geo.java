package com.galleryanalytics.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Countries with their regions and cities, a weight (share of viewers) and the UTC offset their
 * viewers' evenings follow. Offsets include +05:30 and +05:45, names include non-ASCII letters and
 * an apostrophe. A small share of viewers has no location at all.
 */
final class Geo {
    /** A city, with the region and country it lies in. */
    record Place(String country, String region, String city, int utcOffsetMinutes) {}

    /** A country: weight, offset and its places (regions and cities, biggest first). */
    record Country(String code, double weight, int utcOffsetMinutes, List<String[]> regions) {}

    /** Share of viewers without a location (no country, region or city sent). */
    static final double UNKNOWN_SHARE = 0.015;

    static final List<Country> COUNTRIES = List.of(
            country("US", 30, -300, "California:Los Angeles,San Francisco,San Diego", "New York:New York,Buffalo",
                    "Texas:Houston,Austin,Dallas", "Florida:Miami,Orlando", "Illinois:Chicago", "Washington:Seattle"),
            country("IN", 12, 330, "Maharashtra:Mumbai,Pune", "Karnataka:Bengaluru,Mysuru", "Delhi:New Delhi",
                    "Tamil Nadu:Chennai,Coimbatore", "West Bengal:Kolkata"),
            country("GB", 8, 0, "England:London,Manchester,Birmingham,Leeds", "Scotland:Edinburgh,Glasgow", "Wales:Cardiff"),
            country("DE", 6, 60, "Bavaria:Munich,Nuremberg", "Berlin:Berlin", "Hesse:Frankfurt am Main",
                    "North Rhine-Westphalia:Cologne,Düsseldorf"),
            country("BR", 6, -180, "São Paulo:São Paulo,Campinas", "Rio de Janeiro:Rio de Janeiro", "Minas Gerais:Belo Horizonte"),
            country("FR", 5, 60, "Île-de-France:Paris", "Provence-Alpes-Côte d'Azur:Marseille,Nice", "Auvergne-Rhône-Alpes:Lyon"),
            country("IL", 4, 120, "Tel Aviv District:Tel Aviv,Ramat Gan", "Jerusalem District:Jerusalem", "Haifa District:Haifa"),
            country("CA", 4, -300, "Ontario:Toronto,Ottawa", "Quebec:Montreal", "British Columbia:Vancouver"),
            country("JP", 4, 540, "Tokyo:Tokyo", "Osaka:Osaka", "Kanagawa:Yokohama"),
            country("AU", 3, 600, "New South Wales:Sydney", "Victoria:Melbourne", "Queensland:Brisbane"),
            country("ES", 3, 60, "Madrid:Madrid", "Catalonia:Barcelona", "Andalusia:Seville,Málaga"),
            country("IT", 3, 60, "Lazio:Rome", "Lombardy:Milan", "Campania:Naples"),
            country("MX", 3, -360, "Mexico City:Mexico City", "Jalisco:Guadalajara", "Nuevo León:Monterrey"),
            country("NL", 2, 60, "North Holland:Amsterdam", "South Holland:Rotterdam,The Hague"),
            country("KR", 2, 540, "Seoul:Seoul", "Busan:Busan"),
            country("PL", 1.5, 60, "Masovia:Warsaw", "Lesser Poland:Kraków"),
            country("TR", 1.5, 180, "Istanbul:Istanbul", "Ankara:Ankara"),
            country("AR", 1, -180, "Buenos Aires:Buenos Aires", "Córdoba:Córdoba"),
            country("ZA", 1, 120, "Gauteng:Johannesburg,Pretoria", "Western Cape:Cape Town"),
            country("SE", 1, 60, "Stockholm:Stockholm", "Västra Götaland:Gothenburg"),
            country("CH", 1, 60, "Zurich:Zürich", "Geneva:Geneva"),
            country("SG", 1, 480, "Singapore:Singapore"),
            country("AE", 1, 240, "Dubai:Dubai", "Abu Dhabi:Abu Dhabi"),
            country("NG", 1, 60, "Lagos:Lagos", "FCT:Abuja"),
            country("NP", 0.5, 345, "Bagmati:Kathmandu"));

    /** Every place, and its weight: country weight split over regions and cities, biggest first. */
    static final List<Place> PLACES = new ArrayList<>();
    static final double[] PLACE_WEIGHTS;

    static {
        List<Double> weights = new ArrayList<>();
        for (Country c : COUNTRIES) {
            double regionTotal = harmonic(c.regions().size());
            for (int r = 0; r < c.regions().size(); r++) {
                String[] region = c.regions().get(r);
                double regionWeight = c.weight() / (r + 1) / regionTotal;
                double cityTotal = harmonic(region.length - 1);
                for (int k = 1; k < region.length; k++) {
                    PLACES.add(new Place(c.code(), region[0], region[k], c.utcOffsetMinutes()));
                    weights.add(regionWeight / k / cityTotal);
                }
            }
        }
        PLACE_WEIGHTS = weights.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private Geo() {
    }

    private static Country country(String code, double weight, int offsetMinutes, String... regions) {
        List<String[]> parsed = new ArrayList<>();
        for (String r : regions) {
            int colon = r.indexOf(':');
            String[] cities = r.substring(colon + 1).split(",");
            String[] row = new String[cities.length + 1];
            row[0] = r.substring(0, colon);
            System.arraycopy(cities, 0, row, 1, cities.length);
            parsed.add(row);
        }
        return new Country(code, weight, offsetMinutes, parsed);
    }

    private static double harmonic(int n) {
        double h = 0;
        for (int i = 1; i <= n; i++) {
            h += 1.0 / i;
        }
        return h;
    }
}
