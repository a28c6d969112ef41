package dev.measureme.server.operator;

import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.account.Scope;
import dev.measureme.core.account.User;
import dev.measureme.core.bucket.ReadThroughBuckets;
import dev.measureme.core.port.AccountStore;
import dev.measureme.server.account.Passwords;
import dev.measureme.server.adapter.rabbit.RabbitOperations;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The operator commands, run as {@code java -jar measureme.jar <command> …} against the backends that the
 * usual settings name (so {@code --spring.profiles.active=distributed} and every connection option work):
 *
 * <pre>
 *   users add NAME… [--timezone=ZONE] [--source=NAME]  create users; print a password and an ingest+read API key
 *                                                       of each, once
 *   users password NAME                                 give the user a new random password, printed once
 *   rebuild-buckets [--user=NAME]                       rewrite the Redis buckets from PostgreSQL, while it runs
 *   dead-letters list [--limit=N]                       show dead letters (they stay in place)
 *   dead-letters replay [--limit=N]                     send dead letters back to the queue they died in
 *   queues                                              depth and consumers of every queue
 * </pre>
 *
 * Each returns an exit status: 0 done, 1 failed, 2 a usage mistake.
 */
public final class OperatorCommands {

    /** The first arguments that name a command rather than start the server. */
    public static final Set<String> COMMANDS = Set.of("users", "rebuild-buckets", "dead-letters", "queues");

    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9_.-]{1,64}");

    /** Dead letters listed or replayed when {@code --limit} is not given. */
    private static final int DEFAULT_LIMIT = 100;

    private final ApplicationContext context;
    private final PrintStream out;
    private final PasswordEncoder passwords = Passwords.encoder();

    public OperatorCommands(ApplicationContext context, PrintStream out) {
        this.context = context;
        this.out = out;
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public int run(String[] args) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (!arg.startsWith("--")) {
                words.add(arg);
            }
        }
        try {
            return switch (words.getFirst()) {
                case "users" -> users(words, options);
                case "rebuild-buckets" -> rebuild(options);
                case "dead-letters" -> deadLetters(words, options);
                case "queues" -> queues();
                default -> usage("unknown command " + words.getFirst());
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (RuntimeException e) {
            out.println("failed: " + e.getMessage());
            return 1;
        }
    }

    private int users(List<String> words, Map<String, String> options) {
        if (words.size() == 3 && words.get(1).equals("password")) {
            return resetPassword(words.get(2));
        }
        if (words.size() < 3 || !words.get(1).equals("add")) {
            throw new UsageException("users add NAME... [--timezone=ZONE] [--source=NAME] | users password NAME");
        }
        List<String> names = words.subList(2, words.size());
        for (String name : names) {
            if (!USER_NAME.matcher(name).matches()) {
                throw new UsageException("NAME must be 1-64 characters of [a-z0-9_.-] (got " + name + ")");
            }
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(options.getOrDefault("timezone", "UTC"));
        } catch (DateTimeException e) {
            throw new UsageException("--timezone must be an IANA zone such as Europe/Berlin: " + e.getMessage());
        }
        AccountStore accounts = context.getBean(AccountStore.class);
        Clock clock = context.getBean(Clock.class);
        int failed = 0;
        for (String name : names) {
            if (!accounts.createUser(new User(name, zone))) {
                out.println("failed: user " + name + " exists");
                failed++;
                continue;
            }
            ApiKeys.Issued issued = ApiKeys.issue(
                    name, EnumSet.of(Scope.INGEST, Scope.READ), options.getOrDefault("source", "cli"), clock.instant());
            accounts.addKey(issued.key());
            String password = Passwords.generate();
            accounts.setPasswordHash(name, passwords.encode(password));
            out.println(
                    "user=" + name + " timezone=" + zone.getId() + " key=" + issued.secret() + " password=" + password);
        }
        return failed == 0 ? 0 : 1;
    }

    private int resetPassword(String name) {
        String password = Passwords.generate();
        if (!context.getBean(AccountStore.class).setPasswordHash(name, passwords.encode(password))) {
            out.println("failed: no user " + name);
            return 1;
        }
        out.println("user=" + name + " password=" + password);
        return 0;
    }

    private int rebuild(Map<String, String> options) {
        Optional<ReadThroughBuckets> buckets =
                context.getBeanProvider(ReadThroughBuckets.class).stream().findFirst();
        if (buckets.isEmpty()) {
            out.println("nothing to rebuild: without the distributed profile buckets are served from the store");
            return 0;
        }
        List<String> users = options.containsKey("user")
                ? List.of(options.get("user"))
                : context.getBean(AccountStore.class).users().stream()
                        .map(User::name)
                        .toList();
        long total = 0;
        for (String user : users) {
            int written = buckets.get().rebuild(user);
            total += written;
            out.println("rebuilt user=" + user + " buckets=" + written);
        }
        out.println("rebuilt users=" + users.size() + " buckets=" + total);
        return 0;
    }

    private int deadLetters(List<String> words, Map<String, String> options) {
        RabbitOperations broker = broker();
        int limit = limit(options);
        String action = words.size() > 1 ? words.get(1) : "";
        switch (action) {
            case "list" -> {
                List<RabbitOperations.DeadLetter> letters = broker.deadLetters(limit);
                letters.forEach(letter -> out.println("queue=" + letter.queue() + " reason=" + letter.reason()
                        + " deaths=" + letter.deaths() + " events=" + letter.events() + " body=" + letter.preview()));
                out.println("dead letters shown=" + letters.size());
            }
            case "replay" -> out.println("replayed=" + broker.replay(limit));
            default -> throw new UsageException("dead-letters list|replay [--limit=N]");
        }
        return 0;
    }

    private int queues() {
        for (RabbitOperations.QueueDepth depth : broker().depths()) {
            out.println("queue=" + depth.queue() + " messages=" + depth.messages() + " consumers=" + depth.consumers());
        }
        return 0;
    }

    private RabbitOperations broker() {
        return context.getBeanProvider(RabbitOperations.class).stream()
                .findFirst()
                .orElseThrow(() ->
                        new UsageException("this command needs the broker: --spring.profiles.active=distributed"));
    }

    private static int limit(Map<String, String> options) {
        try {
            int limit = Integer.parseInt(options.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
            if (limit < 1) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new UsageException("--limit must be a positive number (got " + options.get("limit") + ")");
        }
    }

    private int usage(String message) {
        out.println("usage: " + message);
        return 2;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
