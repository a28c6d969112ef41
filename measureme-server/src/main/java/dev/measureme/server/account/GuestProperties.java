package dev.measureme.server.account;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code guest} demo account of the original MeasureMe ({@code measureme.guest.*}).
 *
 * @param enabled whether the account exists and the API serves it to callers without a key
 * @param timezone the guest's IANA zone, for day and month buckets
 */
@ConfigurationProperties("measureme.guest")
public record GuestProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("UTC") ZoneId timezone) {}
