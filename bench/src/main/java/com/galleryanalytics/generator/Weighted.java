package com.galleryanalytics.generator;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws an index with probability proportional to its weight (binary search over the cumulative weights). */
final class Weighted {
    private final double[] cumulative;

    Weighted(double[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("no weights");
        }
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < weights.length; i++) {
            cumulative[i] /= sum;
        }
        cumulative[weights.length - 1] = 1.0;
    }

    /** Zipf over n ranks: rank r (0-based) has weight 1 / (r + 1)^exponent. */
    static Weighted zipf(int n, double exponent) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1.0 / StrictMath.pow(i + 1, exponent);
        }
        return new Weighted(w);
    }

    int size() {
        return cumulative.length;
    }

    int next(SplittableRandom random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, i >= 0 ? i + 1 : -i - 1);
    }

    /** The probability of index i. */
    double probability(int i) {
        return i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
    }
}
