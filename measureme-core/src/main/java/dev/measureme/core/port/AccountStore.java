package dev.measureme.core.port;

import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.User;
import java.util.List;
import java.util.Optional;

/** Users and their API keys. */
public interface AccountStore {

    Optional<User> user(String name);

    /** Every user, by name. */
    List<User> users();

    /** Creates the user unless one of that name exists; returns whether it was created. */
    boolean createUser(User user);

    Optional<ApiKey> keyByHash(String hash);

    void addKey(ApiKey key);

    /** Whether the user has any API key that is not revoked. */
    boolean hasActiveKey(String user);
}
