package dev.measureme.server.api;

import dev.measureme.core.account.User;
import dev.measureme.core.insight.InsightReader;
import dev.measureme.core.insight.InsightWindow;
import dev.measureme.core.insight.Insights;
import dev.measureme.core.insight.Records;
import dev.measureme.core.insight.Records.DayRecord;
import dev.measureme.core.insight.Records.PeriodRecord;
import dev.measureme.core.insight.Streaks;
import dev.measureme.core.insight.TimeOfDay;
import dev.measureme.core.insight.Trends;
import dev.measureme.core.insight.TypeInsights;
import dev.measureme.core.port.AccountStore;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/insights}: streaks, records, trends and the time-of-day pattern of each of the caller's
 * metrics over the last {@value InsightWindow#DAYS} days in the caller's zone. The rules are those of
 * {@code dev.measureme.core.insight}; this class only puts them on the wire.
 */
@RestController
final class InsightController {

    private final Callers callers;
    private final InsightReader insights;
    private final AccountStore accounts;

    InsightController(Callers callers, InsightReader insights, AccountStore accounts) {
        this.callers = callers;
        this.insights = insights;
        this.accounts = accounts;
    }

    /**
     * @param from the window's first day
     * @param today the window's last day, the caller's local date now
     * @param omittedTypes metrics left out past {@link InsightReader#MAX_TYPES}, the least busy ones
     */
    record InsightsAnswer(String timezone, LocalDate from, LocalDate today, List<TypeView> types, int omittedTypes) {}

    record TypeView(
            String type,
            boolean hasDuration,
            Streaks streaks,
            RecordsView records,
            Trends trends,
            TimeOfDay timeOfDay) {

        static TypeView of(TypeInsights insights) {
            return new TypeView(
                    insights.type(),
                    insights.hasDuration(),
                    insights.streaks(),
                    RecordsView.of(insights.records()),
                    insights.trends(),
                    insights.timeOfDay());
        }
    }

    record RecordsView(
            DayRecord bestDay, DurationView bestDayByDuration, PeriodRecord bestWeek, PeriodRecord bestMonth) {

        static RecordsView of(Records records) {
            Records.DurationRecord longest = records.bestDayByDuration();
            return new RecordsView(
                    records.bestDay(),
                    longest == null
                            ? null
                            : new DurationView(
                                    longest.date(), longest.duration().toMillis() / 1000.0),
                    records.bestWeek(),
                    records.bestMonth());
        }
    }

    /** Duration is in seconds, like the event contract and the buckets. */
    record DurationView(LocalDate date, double duration) {}

    @GetMapping("/api/v1/insights")
    InsightsAnswer insights(@RequestParam(required = false) String type) {
        String user = callers.user();
        TypeParam.check(type);
        ZoneId zone = accounts.user(user).map(User::zone).orElse(ZoneOffset.UTC);
        Insights answer = insights.read(user, zone, type);
        return new InsightsAnswer(
                zone.getId(),
                answer.window().first(),
                answer.window().today(),
                answer.types().stream().map(TypeView::of).toList(),
                answer.omittedTypes());
    }
}
