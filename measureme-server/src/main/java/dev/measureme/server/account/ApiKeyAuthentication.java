package dev.measureme.server.account;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.Scope;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an API key: its user, with one authority per scope ({@code SCOPE_READ}, ...). */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final transient ApiKey key;
    private final String user;

    public ApiKeyAuthentication(ApiKey key) {
        super(key.scopes().stream()
                .map(scope -> new SimpleGrantedAuthority(authority(scope)))
                .toList());
        this.key = key;
        this.user = key.user();
        setAuthenticated(true);
    }

    static String authority(Scope scope) {
        return "SCOPE_" + scope.name();
    }

    public ApiKey key() {
        return key;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user;
    }
}
