package dev.measureme.server.account;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} requests for this request only: nothing is kept in a
 * session, so a key never turns into a cookie. A header that names no active key is answered 401 at once.
 * The key's last use is recorded at most once a {@link #LAST_USED_RESOLUTION}, so that a busy key does not
 * write on every request.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    /** How precisely a key's last use is recorded. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeyAuthenticator authenticator;
    private final ErrorWriter errors;
    private final Clock clock;

    ApiKeyFilter(ApiKeyAuthenticator authenticator, ErrorWriter errors, Clock clock) {
        this.authenticator = authenticator;
        this.errors = errors;
        this.clock = clock;
    }

    /** A streamed answer (the export) ends in an async dispatch, which must know the key as well. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return ApiKeys.isBearer(header);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKey> key = authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (key.isEmpty()) {
            errors.write(response, 401, "Authorization", "missing, unknown or revoked API key");
            return;
        }
        Instant now = clock.instant();
        Instant lastUsed = key.get().lastUsedAt();
        if (lastUsed == null || lastUsed.isBefore(now.minus(LAST_USED_RESOLUTION))) {
            authenticator.used(key.get(), now);
        }
        // A context of this request's own: the current one may be a session's, and a key never joins a session.
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(key.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
