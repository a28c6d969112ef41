package dev.measureme.server.api;

import dev.measureme.core.account.User;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BucketCache;
import dev.measureme.core.port.EventStore;
import dev.measureme.server.account.GuestAccount;
import dev.measureme.server.account.Passwords;
import dev.measureme.server.account.SecurityProperties;
import dev.measureme.server.account.SessionLogin;
import dev.measureme.server.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session and the account: what the login page needs to know, the guest login, sign-up, the caller's
 * own account and its timezone, a password change, and the deletion of the account with all its data.
 */
@RestController
final class AccountController {

    /** Longest an accepted request may still be on its way to the store when its account is deleted. */
    private static final Duration IN_FLIGHT_GRACE = Duration.ofMinutes(1);

    /** The user names MeasureMe accepts, as in the operator's {@code users add}. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,64}");

    private final Callers callers;
    private final AccountStore accounts;
    private final GuestAccount guest;
    private final SignupProperties signup;
    private final PasswordEncoder passwords;
    private final EventStore events;
    private final ObjectProvider<BucketCache> cache;
    private final FindByIndexNameSessionRepository<?> sessions;
    private final Clock clock;
    private final SecurityProperties security;

    AccountController(
            Callers callers,
            AccountStore accounts,
            GuestAccount guest,
            SignupProperties signup,
            PasswordEncoder passwords,
            EventStore events,
            ObjectProvider<BucketCache> cache,
            FindByIndexNameSessionRepository<?> sessions,
            Clock clock,
            SecurityProperties security) {
        this.callers = callers;
        this.accounts = accounts;
        this.guest = guest;
        this.signup = signup;
        this.passwords = passwords;
        this.events = events;
        this.cache = cache;
        this.sessions = sessions;
        this.clock = clock;
        this.security = security;
    }

    record SessionView(String user, String timezone, boolean guestLogin, boolean signup) {}

    record SignupRequest(String username, String password, String timezone) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    record AccountView(String name, String timezone) {}

    record Deletion(String password) {}

    record Settings(String timezone) {}

    /** Who is logged in, if anyone, and which ways in the login page should offer. */
    @GetMapping("/api/v1/session")
    SessionView session() {
        String user = SessionLogin.isPerson() ? callers.user() : null;
        String zone = user == null
                ? null
                : accounts.user(user).map(u -> u.zone().getId()).orElse(null);
        return new SessionView(user, zone, guest.user().isPresent(), signup.enabled());
    }

    @PostMapping("/api/v1/session/guest")
    SessionView guestLogin(HttpServletRequest request, HttpServletResponse response) {
        String user = guest.user()
                .filter(name -> accounts.user(name).isPresent()
                        && accounts.passwordHash(name).isEmpty())
                .orElseThrow(() -> new ApiException(HttpStatus.FORBIDDEN, "guest", "the guest account is off"));
        SessionLogin.logIn(user, request, response);
        return session();
    }

    @PostMapping("/api/v1/users")
    ResponseEntity<SessionView> signUp(
            @RequestBody SignupRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (!signup.enabled()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "signup", "sign-up is off; an operator creates accounts");
        }
        if (body.username() == null || !NAME.matcher(body.username()).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "username", "must be 1-64 characters of [a-z0-9_.-]");
        }
        String problem = Passwords.problem(body.password());
        if (problem != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "password", problem);
        }
        ZoneId zone = zone(body.timezone() == null ? "UTC" : body.timezone());
        if (!accounts.createUser(new User(body.username(), zone))) {
            throw new ApiException(HttpStatus.CONFLICT, "username", "is taken (or was deleted in the last minute)");
        }
        accounts.setPasswordHash(body.username(), passwords.encode(body.password()));
        SessionLogin.logIn(body.username(), request, response);
        return ResponseEntity.status(HttpStatus.CREATED).body(session());
    }

    @GetMapping("/api/v1/me")
    AccountView me() {
        User user = accounts.user(callers.user())
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "user", "no such account"));
        return new AccountView(user.name(), user.zone().getId());
    }

    /**
     * Changes the caller's timezone. The day and month buckets are re-derived from the events in the new zone
     * at once, and the serving copy is dropped so that the next read rebuilds it.
     */
    @PatchMapping("/api/v1/me")
    AccountView changeSettings(@RequestBody Settings body) {
        String user = callers.user();
        if (body.timezone() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "timezone", "is required");
        }
        ZoneId zone = zone(body.timezone());
        events.changeZone(user, zone);
        cache.ifAvailable(copy -> copy.evict(user));
        return me();
    }

    @PostMapping("/api/v1/me/password")
    ResponseEntity<Void> changePassword(@RequestBody PasswordChange body, HttpServletRequest request) {
        String user = callers.user();
        countPasswordCheck(user);
        String stored = accounts.passwordHash(user).orElse(null);
        if (stored == null
                || body.currentPassword() == null
                || body.currentPassword().length() > Passwords.MAX_LENGTH
                || !passwords.matches(body.currentPassword(), stored)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "current_password", "is wrong");
        }
        String problem = Passwords.problem(body.newPassword());
        if (problem != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "new_password", problem);
        }
        accounts.setPasswordHash(user, passwords.encode(body.newPassword()));
        // Every other session of the user ends: a session stolen before the change must not outlive it.
        String current = request.getSession(false) == null
                ? null
                : request.getSession(false).getId();
        sessions.findByPrincipalName(user).keySet().stream()
                .filter(id -> !id.equals(current))
                .forEach(sessions::deleteById);
        return ResponseEntity.noContent().build();
    }

    /**
     * Deletes the caller's account and everything of it: its events, buckets and warnings, its keys and the
     * user, the serving copy in Redis, and every session of the user on every replica. An account with a
     * password must confirm with it.
     */
    @DeleteMapping("/api/v1/me")
    ResponseEntity<Void> delete(@RequestBody(required = false) Deletion body, HttpServletRequest request) {
        String user = callers.user();
        countPasswordCheck(user);
        if (user.equals(GuestAccount.NAME)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "user", "the shared demo account cannot be deleted");
        }
        String stored = accounts.passwordHash(user).orElse(null);
        String given = body == null ? null : body.password();
        if (stored != null
                && (given == null || given.length() > Passwords.MAX_LENGTH || !passwords.matches(given, stored))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "password", "confirm the deletion with your password");
        }
        // Keys first, so that nothing new comes in; then the data, with a mark that drops what is still on its
        // way (received up to the mark, which leaves a request that passed its key check before the revocation
        // time to finish reading its body); then the account itself, the serving copy and the sessions.
        Instant revoked = clock.instant();
        accounts.keys(user).stream()
                .filter(key -> key.revokedAt() == null)
                .forEach(key -> accounts.revokeKey(user, key.id(), revoked));
        events.deleteUser(user, clock.instant().plus(IN_FLIGHT_GRACE));
        accounts.deleteUser(user);
        cache.ifAvailable(copy -> copy.evict(user));
        sessions.findByPrincipalName(user).keySet().forEach(sessions::deleteById);
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return ResponseEntity.noContent().build();
    }

    /**
     * Counts a check of the caller's password against the same per-account budget as logins, so that a stolen
     * session cannot guess the password either.
     */
    private void countPasswordCheck(String user) {
        Instant now = clock.instant();
        accounts.countLoginAttempt(user, now, security.loginAttemptsPerAccount(), security.loginWindow())
                .ifPresent(open -> {
                    throw new ApiException(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "password",
                            "too many password attempts on this account",
                            Math.max(1, Duration.between(now, open).toSeconds() + 1));
                });
    }

    /** An IANA region zone such as Europe/Berlin (or UTC); fixed offsets are not, since they know no DST. */
    private static ZoneId zone(String id) {
        if (id == null || !ZoneId.getAvailableZoneIds().contains(id)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "timezone", "must be an IANA zone such as Europe/Berlin");
        }
        return ZoneId.of(id);
    }
}
