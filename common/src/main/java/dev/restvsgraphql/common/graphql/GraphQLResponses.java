package dev.restvsgraphql.common.graphql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;

/** Writes GraphQL-over-HTTP responses, including errors that happen before execution. */
final class GraphQLResponses {

    private GraphQLResponses() {
    }

    static void json(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        String body = Json.createObjectBuilder()
                .add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder().add("message", message)))
                .build().toString();
        json(response, status, body);
    }
}
