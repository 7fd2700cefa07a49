package dev.backgroundjobs.it.scripts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** fetch.lua on a real Redis. */
class FetchScriptIT {

    final Scripts scripts = new Scripts();

    @AfterEach
    void clean() {
        scripts.close();
    }

    @Test
    void takesTheFirstJobOfTheQueuesInPriorityOrder() {
        scripts.redis.rpush(scripts.key("queue:low"), "{\"class\":\"A\",\"args\":[]}");
        scripts.redis.rpush(scripts.key("queue:high"), "{\"class\":\"B\",\"args\":[]}");

        Object reply = fetch("w1", "high", "low");

        assertEquals(List.of("high", "{\"class\":\"B\",\"args\":[]}"), reply);
        assertEquals(List.of("{\"class\":\"B\",\"args\":[]}"), scripts.redis.lrange(scripts.key("bgj:inflight:w1"), 0, -1));
    }

    Object fetch(String worker, String... queues) {
        Object[] args = new Object[6 + queues.length];
        args[0] = scripts.prefix;
        args[1] = worker;
        args[2] = "2026-12-01T00:00:00Z";
        args[3] = "{\"status\":2}";
        args[4] = 60;
        args[5] = "0";
        System.arraycopy(queues, 0, args, 6, queues.length);
        return scripts.run("fetch.lua", args);
    }
}
