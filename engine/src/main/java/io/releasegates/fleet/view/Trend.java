package io.releasegates.fleet.view;

import io.releasegates.fleet.store.FleetStore.ReportRow;
import io.releasegates.fleet.view.ViewModel.TrendPoint;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's patch level per day: each host counts with its latest report up to the end of that day, and each
 * report carries the share of its packages that were the newest known version when it arrived.
 */
final class Trend {
    static final int MAX_DAYS = 90;

    private Trend() {
    }

    static List<TrendPoint> compute(List<ReportRow> reports, Instant now) {
        if (reports.isEmpty()) {
            return List.of();
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = LocalDate.ofInstant(reports.get(0).receivedAt(), ZoneOffset.UTC);
        if (first.isBefore(today.minusDays(MAX_DAYS - 1))) {
            first = today.minusDays(MAX_DAYS - 1);
        }
        Map<Integer, int[]> latest = new HashMap<>();
        long[] sums = new long[2];
        List<TrendPoint> out = new ArrayList<>();
        int next = 0;
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            while (next < reports.size() && reports.get(next).receivedAt().isBefore(end)) {
                ReportRow r = reports.get(next++);
                int[] prev = latest.put(r.hostId(), new int[] {r.upToDate(), r.packages()});
                if (prev != null) {
                    sums[0] -= prev[0];
                    sums[1] -= prev[1];
                }
                sums[0] += r.upToDate();
                sums[1] += r.packages();
            }
            if (!latest.isEmpty()) {
                out.add(new TrendPoint(day, ViewModel.percent(sums[0], sums[1]), latest.size()));
            }
        }
        return List.copyOf(out);
    }
}
