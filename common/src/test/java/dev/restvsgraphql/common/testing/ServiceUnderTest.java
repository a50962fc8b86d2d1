package dev.restvsgraphql.common.testing;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

/**
 * HTTP access to the Liberty server that the Maven build started for a service's integration
 * tests (its base URL comes from the {@code service.url} system property).
 */
public final class ServiceUnderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public ServiceUnderTest() {
        this(System.getProperty("service.url", "http://127.0.0.1:9080"));
    }

    public ServiceUnderTest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response: status, content type and body. */
    public record Reply(int status, String contentType, String body, Duration elapsed) {

        public JsonStructure json() {
            return Json.createReader(new StringReader(body)).read();
        }

        public JsonObject object() {
            return (JsonObject) json();
        }

        public JsonArray array() {
            return (JsonArray) json();
        }

        public boolean isJson() {
            return contentType != null && contentType.startsWith("application/json");
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Reply post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends {@code query} with optional JSON {@code variables} to the service's /graphql. */
    public Reply graphql(String query, JsonObject variables) {
        var operation = Json.createObjectBuilder().add("query", query);
        if (variables != null) {
            operation.add("variables", variables);
        }
        return post("/graphql", "application/json", operation.build().toString());
    }

    /** Current value of the service's repository call counter for {@code repository}. */
    public long repositoryCalls(String repository) {
        String metrics = get("/metrics?scope=application").body();
        Matcher value = Pattern.compile("^repository_calls_total\\{[^}]*repository=\"" + Pattern.quote(repository)
                + "\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE).matcher(metrics);
        return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
    }

    private Reply send(HttpRequest.Builder request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new AssertionError("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
