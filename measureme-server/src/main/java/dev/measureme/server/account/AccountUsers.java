package dev.measureme.server.account;

import dev.measureme.core.port.AccountStore;
import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The accounts that can log in with a password, for Spring Security's form login. A user without a password
 * (the guest) cannot. Spring Security calls {@link #updatePassword} after a successful login whose stored hash
 * has weaker parameters than {@link Passwords#encoder()}, so old hashes are upgraded as people log in.
 */
final class AccountUsers implements UserDetailsService, UserDetailsPasswordService {

    /** The authority of a person logged in with a session, as opposed to an API key's scopes. */
    public static final String PERSON = "ROLE_USER";

    private final AccountStore accounts;

    AccountUsers(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        String hash = accounts.passwordHash(name)
                .orElseThrow(() -> new UsernameNotFoundException("no account with a password"));
        return User.withUsername(name)
                .password(hash)
                .authorities(List.of(new SimpleGrantedAuthority(PERSON)))
                .build();
    }

    @Override
    public UserDetails updatePassword(UserDetails user, String newPassword) {
        accounts.setPasswordHash(user.getUsername(), newPassword);
        return User.withUserDetails(user).password(newPassword).build();
    }
}
