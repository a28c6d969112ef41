package dev.measureme.server.account;

import dev.measureme.server.web.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes the {@link ErrorBody} of a request that the security filters refuse before any controller runs. */
final class ErrorWriter {

    private final JsonMapper json;

    ErrorWriter(JsonMapper json) {
        this.json = json;
    }

    String json(Object value) {
        return json.writeValueAsString(value);
    }

    void write(HttpServletResponse response, int status, String field, String reason) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(ErrorBody.of(field, reason)));
    }
}
