package dev.measureme.core.goal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The names of a goal's enums on the wire and in the store: their constants in lower case. */
final class WireNames {

    private WireNames() {}

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code values} whose wire name is {@code wireName}, if there is one. */
    static <E extends Enum<E>> Optional<E> find(E[] values, String wireName) {
        return Arrays.stream(values)
                .filter(constant -> of(constant).equals(wireName))
                .findFirst();
    }
}
