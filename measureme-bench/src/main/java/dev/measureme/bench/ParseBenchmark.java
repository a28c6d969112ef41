package dev.measureme.bench;

import dev.measureme.core.event.EventParser;
import dev.measureme.core.event.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What ingest spends on a request before it touches the bus: parsing and validating a 100-event batch body
 * with {@link EventParser} (streaming JSON, per-event byte limits, every field rule, clock-skew correction).
 * The score is events per second on one thread, since one operation is one event.
 *
 * <p>The batch is what a typical app sends: ids, types, values, ISO timestamps, some durations, units,
 * categories and small attribute maps, and a {@code sent_at}. There is no baseline for this step in the
 * original MeasureMe, which forwarded bodies unparsed; the figure bounds what one ingest core can accept.
 *
 * <p>Run: {@code ./mvnw -B -pl measureme-bench -am package -DskipTests && java -jar
 * measureme-bench/target/benchmarks.jar ParseBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ParseBenchmark.EVENTS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ParseBenchmark {

    /** Events in the benchmarked body. */
    static final int EVENTS = 100;

    /** A fixed receive time, so that every invocation validates against the same clock. */
    private static final Instant RECEIVED = Instant.parse("2026-12-04T12:00:00Z");

    private EventParser parser;
    private byte[] body;

    @Setup
    public void setUp() {
        parser = new EventParser(InstantSource.fixed(RECEIVED));
        body = batchBody().getBytes(StandardCharsets.UTF_8);
        ParseResult result = parser.parse(body, "guest", "bench");
        if (!(result instanceof ParseResult.Parsed parsed) || parsed.accepted().size() != EVENTS) {
            throw new IllegalStateException("the benchmark body must be all valid, got " + result);
        }
    }

    @Benchmark
    public ParseResult parseAndValidate() {
        return parser.parse(body, "guest", "bench");
    }

    static String batchBody() {
        String[] types = {"pushups", "study.minutes", "water.glasses", "steps"};
        StringBuilder json = new StringBuilder("{\"sent_at\":\"2026-12-04T12:00:01Z\",\"events\":[");
        for (int i = 0; i < EVENTS; i++) {
            if (i > 0) {
                json.append(',');
            }
            Instant at = RECEIVED.minusSeconds(60L * i);
            json.append("{\"id\":\"evt-")
                    .append(i)
                    .append("\",\"type\":\"")
                    .append(types[i % types.length])
                    .append("\",\"value\":")
                    .append(1 + i % 40)
                    .append(",\"timestamp\":\"")
                    .append(at)
                    .append('"');
            if (i % 3 == 0) {
                json.append(",\"duration\":1500,\"unit\":\"min\",\"category\":\"study\"");
            }
            if (i % 2 == 0) {
                json.append(",\"attributes\":{\"device\":\"watch\",\"reps\":")
                        .append(i)
                        .append(",\"indoor\":true}");
            }
            json.append('}');
        }
        return json.append("]}").toString();
    }
}
