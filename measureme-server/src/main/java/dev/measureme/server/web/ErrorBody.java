package dev.measureme.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON of every error answer: which field or parameter is at fault and why. Syntax errors carry the
 * line and column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String field, String reason, Integer line, Integer column) {}

    public static ErrorBody of(String field, String reason) {
        return new ErrorBody(new Detail(field, reason, null, null));
    }
}
