package dev.backgroundjobs.internal.payload;

import dev.backgroundjobs.internal.config.PayloadLimits;

import dev.backgroundjobs.InvalidJobArgumentsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Payloads past the limits, or not UTF-8, end as a MalformedPayloadException before a parser sees them. */
class PayloadLimitsTest {

    static final PayloadLimits SMALL = new PayloadLimits(4096, 8, 100, 30);

    @Test
    void nestingPastTheLimitInArgsIsRejectedWithTheLimitNamed() {
        String payload = "{\"class\":\"A\",\"args\":[" + "[".repeat(1001) + "]".repeat(1001) + "]}";

        MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> decode(payload));

        assertTrue(e.getMessage().startsWith("BGJ0090E"), e.getMessage());
        assertTrue(e.getMessage().contains("background-jobs.payload.max-depth"), e.getMessage());
    }

    @Test
    void deepNestingAtTheTopLevelIsRejected() {
        assertThrows(MalformedPayloadException.class, () -> decode("[".repeat(100_000)));
    }

    @Test
    void deepNestingInAnExtraFieldOfAValidJobIsRejected() {
        String payload = "{\"class\":\"A\",\"args\":[],\"extra\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}";

        assertThrows(MalformedPayloadException.class, () -> PayloadCodec.decode(bytes(payload), SMALL));
    }

    @Test
    void nestingUpToTheLimitIsRead() throws MalformedPayloadException {
        // object, args, then six arrays: eight levels
        String payload = "{\"class\":\"A\",\"args\":[" + "[".repeat(6) + "]".repeat(6) + "]}";

        assertEquals(1, PayloadCodec.decode(bytes(payload), SMALL).args().size());
    }

    @Test
    void bracketsInsideStringsDoNotCount() throws MalformedPayloadException {
        String payload = "{\"class\":\"A\",\"args\":[\"" + "[{".repeat(40) + "\\\"[\"]}";

        assertEquals(1, PayloadCodec.decode(bytes(payload), SMALL).args().size());
    }

    @Test
    void nestingPastTheJsonProvidersOwnLimitIsAMalformedPayloadNotARuntimeException() {
        // Parsson throws a bare RuntimeException past 1,000 levels; with a limit above that it must still be caught.
        PayloadLimits lax = new PayloadLimits(1 << 20, 5000, 100, 30);
        String payload = "{\"class\":\"A\",\"args\":[" + "[".repeat(2000) + "]".repeat(2000) + "]}";

        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> PayloadCodec.decode(bytes(payload), lax));
        assertTrue(e.getMessage().startsWith("BGJ0030E"), e.getMessage());
    }

    @Test
    void aPayloadOverTheSizeLimitIsRejectedBeforeItIsScanned() {
        String payload = "{\"class\":\"A\",\"args\":[\"" + "x".repeat(5000) + "\"]}";

        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> PayloadCodec.decode(bytes(payload), SMALL));
        assertTrue(e.getMessage().contains("max-bytes"), e.getMessage());
    }

    @Test
    void aLongStringIsRejected() {
        String payload = "{\"class\":\"A\",\"args\":[\"" + "é".repeat(60) + "\"]}";

        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> PayloadCodec.decode(bytes(payload), SMALL));
        assertTrue(e.getMessage().contains("max-string-bytes"), e.getMessage());
    }

    @Test
    void anUnclosedStringIsLeftToTheParser() {
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> PayloadCodec.decode(bytes("{\"class\":\"A"), SMALL));
        assertTrue(e.getMessage().startsWith("BGJ0030E"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000000000000000000000000000000000000", "-0.0000000000000000000000000000001", "1e401", "1E-99999999999999",
            "2.5e+500"})
    void numbersPastTheLimitsAreRejected(String number) {
        String payload = "{\"class\":\"A\",\"args\":[" + number + "]}";

        assertThrows(MalformedPayloadException.class, () -> PayloadCodec.decode(bytes(payload), SMALL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "-1.5e300", "1E-400", "0.25"})
    void numbersWithinTheLimitsAreRead(String number) throws MalformedPayloadException {
        String payload = "{\"class\":\"A\",\"args\":[" + number + "]}";

        assertEquals(1, PayloadCodec.decode(bytes(payload), SMALL).args().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "e08080", "eda080", "f4908080", "c3", "e282", "80", "f8888080"})
    void invalidUtf8IsRejectedNamingTheByte(String hex) {
        byte[] bad = HexFormat.of().parseHex(hex);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(bytes("{\"class\":\"A\",\"args\":[\""));
        payload.writeBytes(bad);
        payload.writeBytes(bytes("\"]}"));

        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> PayloadCodec.decode(payload.toByteArray(), SMALL));
        assertTrue(e.getMessage().contains("not valid UTF-8 at byte 22"), e.getMessage());
    }

    @Test
    void invalidUtf8OutsideStringsIsRejectedToo() {
        byte[] payload = {'{', (byte) 0xfe, '}'};

        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> PayloadCodec.decode(payload, SMALL));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void multiByteCharactersOfEveryLengthAreRead() throws MalformedPayloadException {
        String payload = "{\"class\":\"A\",\"args\":[\"é€😀\"]}";

        assertEquals("é€😀", PayloadCodec.decode(bytes(payload), SMALL).args().getString(0));
    }

    @Test
    void aProducerLearnsAtOnceOfAPayloadNoWorkerWouldRead() {
        String payload = "{\"class\":\"A\",\"args\":[\"" + "x".repeat(200) + "\"]}";

        InvalidJobArgumentsException e = assertThrows(InvalidJobArgumentsException.class,
                () -> PayloadCodec.requireWithin("A", payload, SMALL));
        assertTrue(e.getMessage().startsWith("BGJ0091E: job A was not sent"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483647:1000000", "1e300:1000000", "-5:0", "-1e300:0", "0.5:0", "3:3", "3.7:3"})
    void anyAttemptCountAForeignProducerWritesIsReadWithinBoundsSoCountingOneMoreCannotOverflow(String example)
            throws MalformedPayloadException {
        String[] parts = example.split(":");
        String payload = "{\"class\":\"A\",\"args\":[],\"attempts\":" + parts[0] + "}";

        int attempts = decode(payload).attempts();

        assertEquals(Integer.parseInt(parts[1]), attempts);
        assertTrue(attempts + 1 > attempts);
    }

    private static Payload decode(String payload) throws MalformedPayloadException {
        return PayloadCodec.decode(bytes(payload));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
