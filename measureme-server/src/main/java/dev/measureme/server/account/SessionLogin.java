package dev.measureme.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/** Logs a person in without a password form: the guest demo account, and a new account after sign-up. */
public final class SessionLogin {

    private static final SecurityContextRepository CONTEXTS = new HttpSessionSecurityContextRepository();

    private SessionLogin() {}

    /** Starts a session for {@code user}; an existing session gets a new id first (no session fixation). */
    public static void logIn(String user, HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                user, null, List.of(new SimpleGrantedAuthority(AccountUsers.PERSON))));
        SecurityContextHolder.setContext(context);
        CONTEXTS.saveContext(context, request, response);
    }

    /** Whether the caller is a person with a session, rather than an API key. */
    public static boolean isPerson() {
        var caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null
                && caller.getAuthorities().stream().anyMatch(a -> AccountUsers.PERSON.equals(a.getAuthority()));
    }
}
