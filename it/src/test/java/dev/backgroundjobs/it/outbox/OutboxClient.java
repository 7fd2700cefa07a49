package dev.backgroundjobs.it.outbox;

import dev.backgroundjobs.it.support.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Calls one server's outbox test application from the test JVM. Requests that run many transactions
 * take long, so the timeout is minutes, not the 20 s of support/Http.
 */
final class OutboxClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final OutboxTarget target;
    private final int httpPort;

    OutboxClient(OutboxTarget target, int httpPort) {
        this.target = target;
        this.httpPort = httpPort;
    }

    /** On the build's server (liberty.http.port). */
    OutboxClient(OutboxTarget target) {
        this(target, Integer.parseInt(System.getProperty("liberty.http.port")));
    }

    void awaitReady(Duration patience) throws Exception {
        Await.until(target.app() + " answers on port " + httpPort, patience, () -> {
            try {
                return send("GET", "ready").statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    void reset(String batch) throws Exception {
        ok("POST", "reset?batch=" + batch);
    }

    /** {@code count} committed transactions, in requests of at most {@code chunk}. */
    int commit(String batch, long from, int count, int chunk) throws Exception {
        return inChunks("commit", batch, from, count, chunk);
    }

    /** {@code count} rolled-back transactions, in requests of at most {@code chunk}. */
    int rollback(String batch, long from, int count, int chunk) throws Exception {
        return inChunks("rollback", batch, from, count, chunk);
    }

    private int inChunks(String what, String batch, long from, int count, int chunk) throws Exception {
        int done = 0;
        for (int offset = 0; offset < count; offset += chunk) {
            int size = Math.min(chunk, count - offset);
            done += Integer.parseInt(ok("POST", what + "?batch=" + batch + "&from=" + (from + offset) + "&count=" + size));
        }
        return done;
    }

    JsonObject hold(String batch, long from, int count) throws Exception {
        return json(ok("POST", "hold?batch=" + batch + "&from=" + from + "&count=" + count));
    }

    void release() throws Exception {
        ok("POST", "release");
    }

    /** orders, ordersWithoutJob, outbox, outboxOfOrders (see Orders.state). */
    JsonObject state(String batch) throws Exception {
        return json(ok("GET", "state?batch=" + batch));
    }

    /**
     * The data of the readiness check background-jobs-outbox (waiting, oldestAgeSeconds); when several
     * deployments report one, the one naming this target's table, else the first.
     */
    JsonObject outboxHealth() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/health/ready"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonObject first = null;
        for (JsonValue value : json(response.body()).getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            if (!"background-jobs-outbox".equals(check.getString("name", "")) || !check.containsKey("data")) {
                continue;
            }
            JsonObject data = check.getJsonObject("data");
            if (data.toString().toLowerCase().contains(target.table().toLowerCase())) {
                return data;
            }
            if (first == null) {
                first = data;
            }
        }
        if (first == null) {
            throw new AssertionError("no background-jobs-outbox readiness check with data: " + response.body());
        }
        return first;
    }

    private String ok(String method, String path) throws Exception {
        HttpResponse<String> response = send(method, path);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri("/" + target.app() + "/rest/outbox/" + path))
                .timeout(Duration.ofMinutes(5)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
