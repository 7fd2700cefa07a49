package dev.backgroundjobs.it.cancel;

import jakarta.json.Json;
import jakarta.json.JsonStructure;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * HTTP/1.1 calls as a user of server.xml's registry (password = name), with the admin API's CSRF
 * header. HTTP/1.1 because a first request that offers the h2c upgrade with a POST can wait on
 * Liberty's HTTP/2 connection setup until it times out.
 */
final class Client {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URL base;
    private final String user;

    Client(URL base, String user) {
        this.base = base;
        this.user = user;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON of a 200 answer; fails with the body otherwise. */
    JsonStructure json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).read();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base.toString() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("X-Requested-By", "background-jobs");
    }
}
