package dev.measureme.server.api;

import dev.measureme.server.web.ApiException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** Reads the optional {@code type} query parameter: a metric name by the event contract, or absent for all. */
final class TypeParam {

    private static final Pattern TYPE = Pattern.compile("[a-z0-9_.-]{1,64}");

    private TypeParam() {}

    /** {@code type} as given (null for all metrics); 400 naming {@code type} if it cannot be a metric name. */
    static String check(String type) {
        if (type != null && !TYPE.matcher(type).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "type", "must be 1-64 characters of [a-z0-9_.-]");
        }
        return type;
    }
}
