package dev.measureme.server.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Open sign-up ({@code measureme.signup.*}).
 *
 * @param enabled whether {@code POST /api/v1/users} creates accounts; off with the distributed profile, where
 *     an operator creates them with {@code users add}
 */
@ConfigurationProperties("measureme.signup")
public record SignupProperties(@DefaultValue("true") boolean enabled) {}
