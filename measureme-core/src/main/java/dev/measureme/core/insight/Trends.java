package dev.measureme.core.insight;

import dev.measureme.core.bucket.Aggregate;
import java.time.LocalDate;
import java.util.Map;

/**
 * The metric's sum over the last 7 and the last 30 days (today included, though it is not over yet), each
 * against the same number of days just before.
 */
public record Trends(Trend week, Trend month) {

    /**
     * @param recent the sum of the recent period
     * @param earlier the sum of the period before it
     * @param changePercent {@code (recent − earlier) / |earlier| × 100}; {@code null} when {@code earlier} is 0,
     *     since no percentage describes growth from nothing
     */
    public record Trend(double recent, double earlier, Double changePercent) {

        static Trend of(double recent, double earlier) {
            // Over the size of the earlier sum, so that a rise from −10 to −5 (values may be negative) is +50 %.
            return new Trend(recent, earlier, earlier == 0 ? null : (recent - earlier) * 100 / Math.abs(earlier));
        }
    }

    static Trends of(Map<LocalDate, Aggregate> days, LocalDate today) {
        return new Trends(trend(days, today, 7), trend(days, today, 30));
    }

    private static Trend trend(Map<LocalDate, Aggregate> days, LocalDate today, int length) {
        LocalDate recentStart = today.minusDays(length - 1);
        return Trend.of(sum(days, recentStart, length), sum(days, recentStart.minusDays(length), length));
    }

    private static double sum(Map<LocalDate, Aggregate> days, LocalDate start, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            Aggregate day = days.get(start.plusDays(i));
            sum += day == null ? 0 : day.sum();
        }
        return sum;
    }
}
