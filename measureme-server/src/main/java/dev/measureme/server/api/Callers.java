package dev.measureme.server.api;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.Scope;
import dev.measureme.server.account.ApiKeyAuthenticator;
import dev.measureme.server.account.GuestAccount;
import dev.measureme.server.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Who is asking. A {@code read} API key names its user; without a key, the API serves the guest demo account
 * while it is enabled, as the original MeasureMe did. (Sessions and real accounts replace the guest
 * fallback later.)
 */
final class Callers {

    private final ApiKeyAuthenticator authenticator;
    private final GuestAccount guest;

    Callers(ApiKeyAuthenticator authenticator, GuestAccount guest) {
        this.authenticator = authenticator;
        this.guest = guest;
    }

    String user(HttpServletRequest request) {
        return user(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    String user(String authorization) {
        if (authorization != null) {
            ApiKey key = authenticator
                    .authenticate(authorization)
                    .orElseThrow(() ->
                            new ApiException(HttpStatus.UNAUTHORIZED, "Authorization", "unknown or revoked API key"));
            if (!key.allows(Scope.READ)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "Authorization", "this API key lacks the read scope");
            }
            return key.user();
        }
        return guest.user()
                .orElseThrow(() -> new ApiException(
                        HttpStatus.UNAUTHORIZED, "Authorization", "an API key with the read scope is required"));
    }
}
