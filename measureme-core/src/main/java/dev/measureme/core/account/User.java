package dev.measureme.core.account;

import java.time.ZoneId;

/** A person who owns events. {@code name} is the stable identity used in every key and row. */
public record User(String name, ZoneId zone) {}
