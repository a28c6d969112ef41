package dev.measureme.server.account;

import dev.measureme.core.port.AccountStore;
import dev.measureme.server.web.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits password guessing (ASVS 2.2.1) before a password is evaluated, on {@code POST /login}, and the making
 * of sessions and accounts by anyone, on sign-up and the guest login:
 *
 * <ul>
 *   <li><b>Per account</b>, across every replica: each attempt is counted in the store first, and once
 *       {@code login-attempts-per-account} were counted in the window, the account takes no attempt until the
 *       window closes. A successful login clears the count.
 *   <li><b>Per client address</b>, in this process: {@code login-attempts-per-address} logins, sign-ups and
 *       guest logins a window, so that one client can neither walk through many accounts nor fill the
 *       session store.
 * </ul>
 *
 * A refused attempt is answered 429 with {@code Retry-After}, and costs no password hash.
 */
final class LoginThrottle extends OncePerRequestFilter {

    /** Client addresses remembered at once. */
    private static final int MAX_ADDRESSES = 100_000;

    private final AccountStore accounts;
    private final SecurityProperties properties;
    private final ErrorWriter errors;
    private final Clock clock;
    private final RateLimiter addresses;

    LoginThrottle(AccountStore accounts, SecurityProperties properties, ErrorWriter errors, Clock clock) {
        this.accounts = accounts;
        this.properties = properties;
        this.errors = errors;
        this.clock = clock;
        this.addresses = new RateLimiter(properties.loginAttemptsPerAddress(), properties.loginWindow(), MAX_ADDRESSES);
    }

    /** The ways to a new session: each costs a session, and sign-up a password hash. */
    static final java.util.Set<String> SESSION_STARTS =
            java.util.Set.of("/login", "/api/v1/users", "/api/v1/session/guest");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && SESSION_STARTS.contains(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OptionalLong addressWait = addresses.tryTake(request.getRemoteAddr(), 1);
        if (addressWait.isPresent()) {
            refuse(response, addressWait.getAsLong(), "too many attempts to log in or sign up from this address");
            return;
        }
        String user = "/login".equals(request.getServletPath()) ? request.getParameter("username") : null;
        if (user != null && user.length() <= 64) {
            Instant now = clock.instant();
            Optional<Instant> closed = accounts.countLoginAttempt(
                    user, now, properties.loginAttemptsPerAccount(), properties.loginWindow());
            if (closed.isPresent()) {
                long seconds = Math.max(1, (Duration.between(now, closed.get()).toMillis() + 999) / 1000);
                refuse(response, seconds, "too many login attempts on this account");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, long seconds, String reason) throws IOException {
        response.setHeader("Retry-After", Long.toString(seconds));
        errors.write(response, 429, "username", reason);
    }
}
