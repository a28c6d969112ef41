package dev.measureme.server.account;

import dev.measureme.core.port.AccountStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The answer to {@code POST /login}: JSON for the login page's script ({@code Accept: application/json}), a
 * redirect for a plain form post. A failure never tells whether the user exists.
 */
final class LoginAnswers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final ErrorWriter errors;
    private final AccountStore accounts;

    LoginAnswers(ErrorWriter errors, AccountStore accounts) {
        this.errors = errors;
        this.accounts = accounts;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        accounts.clearLoginAttempts(authentication.getName());
        if (SecurityConfiguration.wantsJson(request)) {
            response.setStatus(200);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write(errors.json(java.util.Map.of("user", authentication.getName())));
        } else {
            response.sendRedirect("/");
        }
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (SecurityConfiguration.wantsJson(request)) {
            errors.write(response, 401, "password", "wrong user name or password");
        } else {
            response.sendRedirect("/login?error");
        }
    }
}
