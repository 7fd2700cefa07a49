package dev.backgroundjobs.it.demo;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Plain HTTP calls to the deployed demo beside the browser: its REST API, and the admin API as admin. */
final class DemoHttp {

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URL base;

    DemoHttp(URL base) {
        this.base = base;
    }

    void setMailServer(boolean up) throws Exception {
        assertEquals(200, send("PUT", "api/mail-server", "{\"up\":" + up + "}", false).statusCode());
    }

    HttpResponse<String> send(String method, String path, String json, boolean asAdmin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (asAdmin) {
            request.header("Authorization", ADMIN);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
