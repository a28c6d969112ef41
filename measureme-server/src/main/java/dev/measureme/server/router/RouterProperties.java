package dev.measureme.server.router;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The router role's settings ({@code measureme.router.*}).
 *
 * @param zoneTtl how long a user's timezone is cached before it is read again
 */
@ConfigurationProperties("measureme.router")
public record RouterProperties(@DefaultValue("30s") Duration zoneTtl) {}
