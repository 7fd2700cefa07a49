package dev.backgroundjobs.internal.payload;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The delayed payload's shape, which resque-scheduler and node-resque look up by its bytes. */
class PayloadCodecDelayedTest {

    @Test
    void aDelayedPayloadHasItsDueSecondAsAnIntegerQueueTime() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("queue", "mail");
        extra.put("unique_key", "resque:bgj:unique:Mail:ab");

        String payload = PayloadCodec.encodeDelayed("Mail", "0a1b", 1764601371L, List.of("1", "\"x/y\""), extra);

        // Ruby's JSON.generate(JSON.parse(payload)) and JavaScript's JSON.stringify(JSON.parse(payload))
        // give these bytes back: no fraction to lose, no '/' escaped, keys in order.
        assertEquals("{\"class\":\"Mail\",\"args\":[1,\"x/y\"],\"id\":\"0a1b\",\"queue_time\":1764601371,"
                + "\"queue\":\"mail\",\"unique_key\":\"resque:bgj:unique:Mail:ab\"}", payload);
    }
}
