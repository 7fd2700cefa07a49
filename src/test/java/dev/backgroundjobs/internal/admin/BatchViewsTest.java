package dev.backgroundjobs.internal.admin;

import dev.backgroundjobs.BatchStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BatchViewsTest {

    static JsonObject read(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void aFailedChainStepSaysWhichStepAndWhatWasLeft() {
        JsonObjectBuilder json = Json.createObjectBuilder();

        BatchViews.chainStopped(json, read("{\"class\":\"B\",\"args\":[],\"bgj_chain_step\":\"2/4\","
                + "\"bgj_chain\":[{\"class\":\"C\"},{\"class\":\"D\"}]}"));

        assertEquals(read("{\"chainStep\":\"2/4\",\"chainLeft\":[\"C\",\"D\"]}"), json.build());
    }

    @Test
    void theLastStepLeftNothing() {
        JsonObjectBuilder json = Json.createObjectBuilder();

        BatchViews.chainStopped(json, read("{\"class\":\"D\",\"args\":[],\"bgj_chain_step\":\"4/4\"}"));

        assertEquals(read("{\"chainStep\":\"4/4\",\"chainLeft\":[]}"), json.build());
    }

    @Test
    void aJobOfNoChainGetsNoChainFields() {
        JsonObjectBuilder json = Json.createObjectBuilder();

        BatchViews.chainStopped(json, read("{\"class\":\"A\",\"args\":[]}"));

        assertFalse(json.build().containsKey("chainStep"));
    }

    @Test
    void aBatchAsTheApiShowsIt() {
        BatchStatus open = new BatchStatus("b", 3, 1, 1, 2, 1, Instant.ofEpochSecond(10), Optional.empty());

        assertEquals(read("{\"id\":\"b\",\"total\":3,\"pending\":1,\"succeeded\":1,\"failed\":2,\"dead\":1,"
                + "\"complete\":false,\"created\":\"1970-01-01T00:00:10Z\",\"completed\":null}"), BatchViews.batch(open));
    }
}
