package dev.measureme.core.goal;

import java.time.LocalDate;

/**
 * How far a goal got in one period.
 *
 * @param start the period's first local day
 * @param end its last local day
 * @param achieved the goal's measure over the period's days, so far for the current period
 * @param fraction {@code achieved / target}; above 1 when the target was passed
 * @param met whether {@code achieved} reached the target
 */
public record PeriodProgress(LocalDate start, LocalDate end, double achieved, double fraction, boolean met) {}
