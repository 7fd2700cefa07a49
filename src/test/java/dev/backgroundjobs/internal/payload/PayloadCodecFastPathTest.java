package dev.backgroundjobs.internal.payload;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encoder's shortcuts write exactly what the general path (JSON-P, BigDecimal, UUID) wrote. */
class PayloadCodecFastPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "SendWelcomeMail", "Mail_Welcome", "a/b", "0123456789abcdef0123456789abcdef",
            "with \"quotes\"", "back\\slash", "tab\there", "line\nbreak", "ünïcödé", "emoji 😀", "~ and \u007f", "\u0000"})
    void aStringIsWrittenAsJsonPWritesIt(String text) {
        assertEquals(Json.createValue(text).toString(), PayloadCodec.appendString(new StringBuilder(), text).toString());
    }

    @Test
    void queueTimeIsSecondsWithSixDecimalsAsBigDecimalWritesThem() {
        Random random = new Random(42);
        List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(1, 1_000),
                Instant.ofEpochSecond(1764601371, 120_000_000), Instant.ofEpochSecond(1764601371, 999_999_999),
                Instant.ofEpochSecond(-5, 250_000_000)));
        for (int i = 0; i < 10_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000)));
        }
        for (Instant instant : instants) {
            long micros = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
            assertEquals(BigDecimal.valueOf(micros, 6).toPlainString(), PayloadCodec.epochSecondsText(instant),
                    instant.toString());
        }
    }

    @Test
    void aBatchOfIdsIsDistinct32HexDigitsEach() {
        List<String> ids = PayloadCodec.newJobIds(100_000);

        assertEquals(100_000, new HashSet<>(ids).size());
        assertTrue(ids.stream().allMatch(id -> id.matches("[0-9a-f]{32}")));
        assertTrue(PayloadCodec.newJobId().matches("[0-9a-f]{32}"));
    }
}
