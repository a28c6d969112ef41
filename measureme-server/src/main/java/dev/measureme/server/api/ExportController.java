package dev.measureme.server.api;

import dev.measureme.core.account.User;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.EventCursor;
import dev.measureme.core.event.EventLimits;
import dev.measureme.core.event.EventPage;
import dev.measureme.core.event.EventQuery;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventStore;
import dev.measureme.core.port.GoalStore;
import dev.measureme.server.account.SessionLogin;
import dev.measureme.server.web.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/export}: everything the caller has, to take away. JSON holds the account, the keys (never
 * a secret), the goals, every bucket of every granularity, the warnings and every event; CSV holds one table at a
 * time ({@code data=events|buckets|warnings|goals}). The answer is streamed, and events, the bulk of any history, are
 * read a page at a time; buckets and warnings are read whole.
 */
@RestController
final class ExportController {

    /** Events read from the store at a time. */
    private static final int PAGE = 1_000;

    /** Bounds of a read of all buckets: a day in a zone east of UTC may start before 2000-01-01 UTC. */
    private static final Instant EARLIEST_BUCKET = Instant.parse("1999-12-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private final Callers callers;
    private final AccountStore accounts;
    private final EventStore events;
    private final BucketStore buckets;
    private final GoalStore goals;
    private final JsonMapper json;

    ExportController(
            Callers callers,
            AccountStore accounts,
            EventStore events,
            BucketStore buckets,
            GoalStore goals,
            JsonMapper json) {
        this.callers = callers;
        this.accounts = accounts;
        this.events = events;
        this.buckets = buckets;
        this.goals = goals;
        this.json = json;
    }

    @GetMapping("/api/v1/export")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(defaultValue = "json") String format, @RequestParam(defaultValue = "events") String data) {
        String user = callers.user();
        User account = accounts.user(user)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "user", "no such account"));
        return switch (format) {
            case "json" -> {
                boolean withKeys = SessionLogin.isPerson();
                yield download(user + ".json", MediaType.APPLICATION_JSON, out -> json(account, withKeys, out));
            }
            case "csv" ->
                switch (data) {
                    case "events" -> download(user + "-events.csv", CSV, out -> eventsCsv(user, out));
                    case "buckets" -> download(user + "-buckets.csv", CSV, out -> bucketsCsv(user, out));
                    case "warnings" -> download(user + "-warnings.csv", CSV, out -> warningsCsv(user, out));
                    case "goals" -> download(user + "-goals.csv", CSV, out -> goalsCsv(user, out));
                    default ->
                        throw new ApiException(
                                HttpStatus.BAD_REQUEST, "data", "must be one of events, buckets, warnings, goals");
                };
            default -> throw new ApiException(HttpStatus.BAD_REQUEST, "format", "must be json or csv");
        };
    }

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    /** A plain number, which a spreadsheet cannot run; anything else that starts like a formula is guarded. */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static ResponseEntity<StreamingResponseBody> download(String file, MediaType type, Body body) {
        StreamingResponseBody stream = (OutputStream raw) -> {
            Writer out = new OutputStreamWriter(raw, StandardCharsets.UTF_8);
            body.write(out);
            out.flush();
        };
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"measureme-" + file + "\"")
                .body(stream);
    }

    private void json(User account, boolean withKeys, Writer out) throws IOException {
        String user = account.name();
        out.write("{\"user\":"
                + json.writeValueAsString(
                        new AccountController.AccountView(user, account.zone().getId())));
        // Keys are managed with a session only: a read key's export leaves them out.
        List<KeyController.KeyView> keys = withKeys
                ? accounts.keys(user).stream()
                        .map(key -> KeyController.KeyView.of(key, null))
                        .toList()
                : List.of();
        out.write(",\"keys\":" + json.writeValueAsString(keys));
        out.write(",\"goals\":"
                + json.writeValueAsString(goals.goals(user).stream()
                        .map(GoalController.GoalView::of)
                        .toList()));
        out.write(",\"buckets\":{");
        for (Granularity granularity : Granularity.values()) {
            out.write((granularity.ordinal() == 0 ? "\"" : ",\"")
                    + granularity.name().toLowerCase(Locale.ROOT) + "\":");
            out.write(json.writeValueAsString(all(user, granularity).stream()
                    .map(BucketController.BucketView::of)
                    .toList()));
        }
        out.write("},\"warnings\":"
                + json.writeValueAsString(events.warnings(user, Integer.MAX_VALUE).stream()
                        .map(EventController.WarningView::of)
                        .toList()));
        out.write(",\"events\":[");
        boolean[] first = {true};
        eachEvent(user, event -> {
            try {
                out.write((first[0] ? "" : ",") + json.writeValueAsString(EventView.of(event)));
                first[0] = false;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.write("]}");
    }

    private void eventsCsv(String user, Writer out) throws IOException {
        out.write("id,type,value,unit,duration_s,category,timestamp,source,received_at,attributes\r\n");
        eachEvent(
                user,
                e -> row(
                        out,
                        e.id(),
                        e.type(),
                        number(e.value()),
                        e.unit(),
                        number(e.durationMs() / 1000.0),
                        e.category(),
                        e.timestamp().toString(),
                        e.source(),
                        e.receivedAt().toString(),
                        e.attributes().isEmpty() ? "" : json.writeValueAsString(e.attributes())));
    }

    private void bucketsCsv(String user, Writer out) throws IOException {
        out.write("granularity,period,start,end,type,count,sum,min,max,duration_s\r\n");
        for (Granularity granularity : Granularity.values()) {
            for (Bucket b : all(user, granularity)) {
                row(
                        out,
                        granularity.name().toLowerCase(Locale.ROOT),
                        b.key().period(),
                        b.key().start().toString(),
                        b.key().end().toString(),
                        b.key().type(),
                        Long.toString(b.aggregate().count()),
                        number(b.aggregate().sum()),
                        Double.isNaN(b.aggregate().min())
                                ? ""
                                : number(b.aggregate().min()),
                        Double.isNaN(b.aggregate().max())
                                ? ""
                                : number(b.aggregate().max()),
                        number(b.aggregate().durationMs() / 1000.0));
            }
        }
    }

    private void warningsCsv(String user, Writer out) throws IOException {
        out.write("received_at,source,index,id,field,reason\r\n");
        for (var w : events.warnings(user, Integer.MAX_VALUE)) {
            row(
                    out,
                    w.receivedAt().toString(),
                    w.source(),
                    Integer.toString(w.rejection().index()),
                    w.rejection().eventId(),
                    w.rejection().field(),
                    w.rejection().reason());
        }
    }

    private void goalsCsv(String user, Writer out) throws IOException {
        out.write("id,type,measure,period,target,name,created_at\r\n");
        for (GoalController.GoalView goal :
                goals.goals(user).stream().map(GoalController.GoalView::of).toList()) {
            row(
                    out,
                    goal.id(),
                    goal.type(),
                    goal.measure(),
                    goal.period(),
                    number(goal.target()),
                    goal.name(),
                    goal.createdAt().toString());
        }
    }

    private List<Bucket> all(String user, Granularity granularity) {
        return buckets.buckets(user, granularity, EARLIEST_BUCKET, LATEST, null);
    }

    private void eachEvent(String user, Consumer<Event> each) {
        EventCursor after = null;
        do {
            EventPage page = events.events(new EventQuery(user, EventLimits.EARLIEST, LATEST, null, after, PAGE));
            page.events().forEach(each);
            after = page.next();
        } while (after != null);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /**
     * One CSV line (RFC 4180). A field that a spreadsheet would run as a formula (starting with {@code = + - @},
     * a tab or a carriage return) is prefixed with {@code '} (OWASP CSV injection), unless it is a number.
     */
    private static void row(Writer out, String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i] == null ? "" : fields[i];
            if (!field.isEmpty()
                    && "=+-@\t\r".indexOf(field.charAt(0)) >= 0
                    && !NUMBER.matcher(field).matches()) {
                field = "'" + field;
            }
            if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
                field = "\"" + field.replace("\"", "\"\"") + "\"";
            }
            line.append(i == 0 ? "" : ",").append(field);
        }
        try {
            out.write(line.append("\r\n").toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
