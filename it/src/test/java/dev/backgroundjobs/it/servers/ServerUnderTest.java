package dev.backgroundjobs.it.servers;

import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.LibertyServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One of the two Liberty servers as the test reaches it: its test resource, its admin API and its
 * dashboard, and which life of it (pid) answers now.
 */
final class ServerUnderTest {

    final LibertyServer server;
    private final String app;
    private volatile String life;
    private volatile boolean running;

    ServerUnderTest(LibertyServer server, String app) {
        this.server = server;
        this.app = app;
    }

    void start() throws IOException, InterruptedException {
        running = true;
        server.start();
    }

    void kill9() throws IOException, InterruptedException {
        server.kill9();
        running = false;
    }

    void stopIfRunning() throws IOException, InterruptedException {
        if (running) {
            server.stop();
            running = false;
        }
    }

    boolean isRunning() {
        return running;
    }

    /** Waits until the application answers; returns the life that answers ({@link RunLedger#self()}). */
    String awaitReady(Duration patience) throws Exception {
        Await.until(app + " answers on " + server.name(), patience, () -> {
            try {
                HttpResponse<String> response = Http11.get(resource("self"), null);
                if (response.statusCode() == 200) {
                    life = response.body().trim();
                    return true;
                }
                return false;
            } catch (IOException notYet) {
                return false;
            }
        });
        return life;
    }

    /** {@code name@pid} of the life that last answered {@link #awaitReady}. */
    String life() {
        return life;
    }

    String pid() {
        return life.substring(life.indexOf('@') + 1);
    }

    /** Whether {@code workerId} is a worker of this server's current life: its pid field is {@code PID-pool-N}. */
    boolean owns(String workerId) {
        String[] fields = workerId.split(":", 3);
        return fields.length == 3 && fields[1].startsWith(pid() + "-") && fields[0].endsWith("." + server.name() + "." + app);
    }

    String post(String path) throws Exception {
        HttpResponse<String> response = Http11.post(resource(path));
        assertEquals(200, response.statusCode(), server.name() + " " + path + ": " + response.body());
        return response.body();
    }

    /** GET of the admin API as the admin user; the JSON of its 200 answer. */
    JsonStructure admin(String path) throws Exception {
        HttpResponse<String> response = Http11.get(base().resolve("background-jobs/api/" + path), Http11.ADMIN);
        assertEquals(200, response.statusCode(), server.name() + " admin " + path + ": " + response.body());
        return Json.createReader(new StringReader(response.body())).read();
    }

    /** The worker ids the admin API's workers endpoint lists. */
    List<String> listedWorkers() throws Exception {
        return ((JsonArray) admin("workers")).stream().map(JsonValue::asJsonObject).map(worker -> worker.getString("id"))
                .toList();
    }

    JsonObject overview() throws Exception {
        return (JsonObject) admin("overview");
    }

    URI dashboard() {
        return base().resolve("background-jobs/dashboard/");
    }

    private URI resource(String path) {
        return base().resolve("rest/servers/" + path);
    }

    private URI base() {
        return URI.create("http://localhost:" + server.httpPort + "/" + app + "/");
    }
}
