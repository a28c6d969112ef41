package dev.measureme.core.insight;

/**
 * Everything derived about one metric of one user over the window.
 *
 * @param type the metric name
 * @param hasDuration whether any of its events in the window had a duration
 */
public record TypeInsights(
        String type, boolean hasDuration, Streaks streaks, Records records, Trends trends, TimeOfDay timeOfDay) {}
