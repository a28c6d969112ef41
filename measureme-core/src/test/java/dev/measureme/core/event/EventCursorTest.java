package dev.measureme.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCursorTest {

    @Test
    void decode_ofEncodedCursor_returnsSameCursor() {
        EventCursor cursor = new EventCursor(Instant.parse("2026-06-15T12:00:00.123Z"), "run-2026.06.15_1");

        assertThat(EventCursor.decode(cursor.encode())).contains(cursor);
    }

    @Test
    void decode_whenIdContainsColons_returnsWholeId() {
        EventCursor cursor = new EventCursor(Instant.parse("2026-06-15T12:00:00Z"), "a:b:c");

        assertThat(EventCursor.decode(cursor.encode())).contains(cursor);
    }

    @Test
    void encode_always_isUrlSafeWithoutPadding() {
        String encoded =
                new EventCursor(Instant.parse("2026-06-15T12:00:00Z"), "019ecb27-2200-7e99-8f8c-3f77a1a386ec").encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "!!!not base64!!!",
                "aGVsbG8", // "hello": no colon
                "OmFiYw", // ":abc": no timestamp
                "MTIzOg", // "123:": no id
                "YWJjOmRlZg", // "abc:def": timestamp not a number
                "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTppZC0x", // "9999999999999999999999:id-1": timestamp overflows
            })
    void decode_whenGarbage_returnsEmpty(String garbage) {
        assertThat(EventCursor.decode(garbage)).isEmpty();
    }
}
