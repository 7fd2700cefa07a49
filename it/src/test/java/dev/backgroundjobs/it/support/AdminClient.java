package dev.backgroundjobs.it.support;

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

/** HTTP calls to the admin API as a given user (or none), with or without the CSRF header. */
public final class AdminClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URL base;
    private final String user;
    private final boolean csrfHeader;

    private AdminClient(URL base, String user, boolean csrfHeader) {
        this.base = base;
        this.user = user;
        this.csrfHeader = csrfHeader;
    }

    /** {@code user} is also the password, as server.xml defines the test users; null for anonymous. */
    public static AdminClient as(URL base, String user) {
        return new AdminClient(base, user, true);
    }

    public AdminClient withoutCsrfHeader() {
        return new AdminClient(base, user, false);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> post(String path, String origin) throws IOException, InterruptedException {
        return send(request(path).header("Origin", origin).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** The JSON of a 200 answer; fails with the body otherwise. */
    public JsonStructure json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).read();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString() + path))
                .timeout(Duration.ofSeconds(20));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        if (csrfHeader) {
            request.header("X-Requested-By", "background-jobs");
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
