package dev.backgroundjobs.internal.flow;

import dev.backgroundjobs.InvalidJobArgumentsException;
import dev.backgroundjobs.internal.config.PayloadLimits;
import dev.backgroundjobs.internal.payload.MalformedPayloadException;
import dev.backgroundjobs.internal.payload.Payload;
import dev.backgroundjobs.internal.payload.PayloadCodec;
import dev.backgroundjobs.internal.redis.Keys;
import dev.backgroundjobs.internal.redis.QueuedPayload;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainStepsTest {

    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    static final Keys KEYS = new Keys("resque");

    static Payload decode(String json) throws MalformedPayloadException {
        return PayloadCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    static String firstOfThree() {
        String first = PayloadCodec.encode("A", "id1", NOW, List.of("\"x\""));
        return ChainSteps.firstStep(first, List.of(
                ChainSteps.step("B", "q2", "id2", List.of("7"), true, 2, 3),
                ChainSteps.step("C", "q3", "id3", List.of(), false, 3, 3)));
    }

    @Test
    void aFieldGoesInsideTheObjectAndTheRestIsKeptAsItWas() {
        String payload = PayloadCodec.encode("A", "id1", NOW, List.of("1"));

        String with = ChainSteps.withField(payload, "bgj_batch", "\"b:0\"");

        assertEquals(payload.substring(0, payload.length() - 1) + ",\"bgj_batch\":\"b:0\"}", with);
    }

    @Test
    void theFirstStepCarriesTheOthersAndSaysWhichStepItIs() throws Exception {
        JsonObject json = decode(firstOfThree()).json();

        assertEquals("1/3", json.getString(ChainSteps.CHAIN_STEP));
        assertEquals(2, json.getJsonArray(ChainSteps.CHAIN).size());
        assertEquals("B", json.getJsonArray(ChainSteps.CHAIN).getJsonObject(0).getString("class"));
        assertEquals("[\"x\"]", json.getJsonArray("args").toString(), "its own arguments are untouched");
    }

    @Test
    void theNextStepGetsTheResultAsItsLastArgumentAndTheStepsAfterIt() throws Exception {
        QueuedPayload next = ChainSteps.next(decode(firstOfThree()), "{\"n\":1}", NOW, KEYS, PayloadLimits.DEFAULTS)
                .orElseThrow();

        assertEquals("q2", next.queue());
        assertEquals("id2", next.id());
        assertEquals("resque:job:id2:status", next.statusKey(), "a tracked step gets its status");
        assertNull(next.runAt());
        Payload payload = decode(next.payload());
        assertEquals("B", payload.jobName());
        assertEquals("[7,{\"n\":1}]", payload.args().toString());
        assertEquals("2/3", payload.json().getString(ChainSteps.CHAIN_STEP));
        assertEquals(1, payload.json().getJsonArray(ChainSteps.CHAIN).size());

        QueuedPayload last = ChainSteps.next(payload, "null", NOW, KEYS, PayloadLimits.DEFAULTS).orElseThrow();
        Payload lastPayload = decode(last.payload());
        assertEquals("[null]", lastPayload.args().toString());
        assertEquals("3/3", lastPayload.json().getString(ChainSteps.CHAIN_STEP));
        assertFalse(lastPayload.json().containsKey(ChainSteps.CHAIN), "nothing after the last step");
        assertNull(last.statusKey(), "an untracked step keeps no status");
        assertFalse(ChainSteps.hasNext(lastPayload));
    }

    @Test
    void aJobOfNoChainHasNoNextStep() throws Exception {
        Payload plain = decode(PayloadCodec.encode("A", "id1", NOW, List.of(), Map.of()));

        assertFalse(ChainSteps.hasNext(plain));
        assertEquals(Optional.empty(), ChainSteps.next(plain, "1", NOW, KEYS, PayloadLimits.DEFAULTS));
    }

    @Test
    void aChainFieldThatIsNotAsTheModuleWritesItSaysWhatIsWrong() throws Exception {
        Payload badQueue = decode("{\"class\":\"A\",\"args\":[],\"bgj_chain\":[{\"class\":\"B\",\"queue\":\"a,b\",\"id\":\"i\",\"args\":[]}]}");
        Payload noClass = decode("{\"class\":\"A\",\"args\":[],\"bgj_chain\":[{\"queue\":\"q\",\"id\":\"i\",\"args\":[]}]}");
        Payload notObject = decode("{\"class\":\"A\",\"args\":[],\"bgj_chain\":[1]}");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChainSteps.next(badQueue, "1", NOW, KEYS,
                PayloadLimits.DEFAULTS)).getMessage().contains("'a,b' is not a valid queue name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChainSteps.next(noClass, "1", NOW, KEYS,
                PayloadLimits.DEFAULTS)).getMessage().contains("\"class\" is missing"));
        assertThrows(IllegalArgumentException.class, () -> ChainSteps.next(notObject, "1", NOW, KEYS, PayloadLimits.DEFAULTS));
    }

    @Test
    void aResultTooLargeForTheLimitsStopsTheStepThere() throws Exception {
        PayloadLimits small = new PayloadLimits(200, 32, 100, 64);
        String big = "\"" + "x".repeat(150) + "\"";

        assertThrows(InvalidJobArgumentsException.class, () -> ChainSteps.next(decode(firstOfThree()), big, NOW, KEYS, small));
    }
}
