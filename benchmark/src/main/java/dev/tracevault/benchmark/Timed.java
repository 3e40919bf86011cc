package dev.tracevault.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * One GET timed at scale: 3 warm-up requests (the first one's time kept: a cold JVM's), then
 * {@code measured} more; every answer must be a 200.
 */
record Timed(double firstMillis, List<Double> sortedMillis, Api.Response last) {

    static Timed get(Api api, String path, int measured) {
        List<Double> millis = new ArrayList<>();
        double first = 0;
        Api.Response last = null;
        for (int i = 0; i < 3 + measured; i++) {
            last = api.get(path);
            ReadAtScale.check(last, 200);
            double ms = (last.endNanos() - last.startNanos()) / 1e6;
            if (i == 0) {
                first = ms;
            } else if (i >= 3) {
                millis.add(ms);
            }
        }
        millis.sort(Double::compare);
        return new Timed(first, millis, last);
    }

    double p50() {
        return sortedMillis.get(sortedMillis.size() / 2);
    }

    double p95() {
        return sortedMillis.get((int) Math.ceil(sortedMillis.size() * 0.95) - 1);
    }

    double max() {
        return sortedMillis.getLast();
    }
}
