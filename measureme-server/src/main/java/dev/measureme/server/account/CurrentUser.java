package dev.measureme.server.account;

import dev.measureme.server.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is asking: the user of the session, or of the API key, that the security filters authenticated. Every
 * query and command is scoped to this user; no request names another.
 */
public final class CurrentUser {

    private CurrentUser() {}

    /** The caller's user name; 401 for an anonymous request. */
    public static String name() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "session", "log in, or send an API key");
        }
        return caller.getName();
    }
}
