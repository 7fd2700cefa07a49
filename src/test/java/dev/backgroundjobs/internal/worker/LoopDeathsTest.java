package dev.backgroundjobs.internal.worker;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopDeathsTest {

    final LoopDeaths deaths = new LoopDeaths();

    @Test
    void theSecondDeathWithTheSamePayloadQuarantinesIt() {
        assertFalse(deaths.diedWith(bytes("{\"class\":\"A\"}")));
        assertFalse(deaths.diedWith(bytes("{\"class\":\"B\"}")));
        assertTrue(deaths.diedWith(bytes("{\"class\":\"A\"}")));
    }

    @Test
    void onlyTheMostRecentPayloadsAreRemembered() {
        deaths.diedWith(bytes("first"));
        for (int i = 0; i < 1000; i++) {
            deaths.diedWith(bytes("other " + i));
        }
        assertFalse(deaths.diedWith(bytes("first")), "forgotten after a thousand others");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
