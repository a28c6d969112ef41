package dev.measureme.server.web;

import dev.measureme.core.event.EventLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits on what a request may send, so that a hostile body is refused before or while it is read instead of
 * after it filled the heap: a declared body larger than {@link #MAX_BODY_BYTES} is answered 413 unread, and
 * every JSON body is parsed under read limits (depth, number and string length, document size), which answer
 * 400. Ingest has limits of its own, set by the event contract, and its own stricter parser
 * ({@code EventParser}). Spring Boot's Jackson customizers still apply, so the mapper is otherwise the one Boot
 * would build.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLimits {

    /** Most bytes of a request body outside ingest: no account or key request needs more. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** The reason a body over {@link #MAX_BODY_BYTES} is refused with, whether its length was declared or not. */
    static final String BODY_TOO_LARGE = "must be at most " + MAX_BODY_BYTES + " bytes";

    /** Ingest, whose body limit (1 MiB after decompression) is the event contract's. */
    private static final String INGEST = "/api/v1/events";

    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // The event contract's limits (DESIGN.md §4), for every other body as well.
                        .maxNestingDepth(EventLimits.MAX_NESTING_DEPTH)
                        .maxNumberLength(EventLimits.MAX_NUMBER_LENGTH)
                        .maxStringLength(EventLimits.MAX_STRING_LENGTH)
                        .maxDocumentLength(MAX_BODY_BYTES)
                        .build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    /** Runs before everything else, Spring Security included, so a huge body costs nothing but its headers. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodyLimit() {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() > MAX_BODY_BYTES && !INGEST.equals(request.getRequestURI())) {
                    response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.setHeader(HttpHeaders.CONNECTION, "close");
                    response.getWriter()
                            .write("{\"error\":{\"field\":\"body\",\"reason\":\"" + BODY_TOO_LARGE + "\"}}");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
