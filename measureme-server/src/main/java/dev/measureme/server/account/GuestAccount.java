package dev.measureme.server.account;

import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.account.Scope;
import dev.measureme.core.account.User;
import dev.measureme.core.port.AccountStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * The {@code guest} demo account. While it is enabled and has no API key, one is made at start-up and its
 * secret written once to {@code <data-dir>/guest-api-key} with mode 600; only its hash is stored.
 */
public final class GuestAccount implements InitializingBean {

    /** The guest's user name, as in the original MeasureMe. */
    public static final String NAME = "guest";

    /** The file the guest's key is written to, under the data directory. */
    static final String KEY_FILE = "guest-api-key";

    private static final Logger log = LoggerFactory.getLogger(GuestAccount.class);

    private final AccountStore accounts;
    private final GuestProperties properties;
    private final Path dataDir;
    private final Clock clock;

    GuestAccount(AccountStore accounts, GuestProperties properties, Path dataDir, Clock clock) {
        this.accounts = accounts;
        this.properties = properties;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** The guest's name when the demo account is on: what the API serves to a caller without a key. */
    public Optional<String> user() {
        return properties.enabled() ? Optional.of(NAME) : Optional.empty();
    }

    @Override
    public void afterPropertiesSet() {
        if (!properties.enabled()) {
            return;
        }
        accounts.createUser(new User(NAME, properties.timezone()));
        if (accounts.hasActiveKey(NAME)) {
            return;
        }
        ApiKeys.Issued issued = ApiKeys.issue(NAME, EnumSet.allOf(Scope.class), "guest", clock.instant());
        Path file = dataDir.resolve(KEY_FILE);
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, issued.secret() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("write the guest API key to " + file, e);
        }
        accounts.addKey(issued.key());
        log.info("guest API key created file={} prefix={}", file, issued.key().prefix());
    }
}
