package dev.measureme.core.port;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.User;
import java.util.Optional;

/** Users and their API keys. */
public interface AccountStore {

    Optional<User> user(String name);

    /** Creates the user unless one of that name exists; returns whether it was created. */
    boolean createUser(User user);

    Optional<ApiKey> keyByHash(String hash);

    void addKey(ApiKey key);

    /** Whether the user has any API key that is not revoked. */
    boolean hasActiveKey(String user);
}
