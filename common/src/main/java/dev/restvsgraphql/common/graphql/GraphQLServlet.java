package dev.restvsgraphql.common.graphql;

import java.io.IOException;
import java.io.Reader;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The subgraph's {@code /graphql} endpoint. It executes queries asynchronously (the servlet
 * thread is released while resolvers wait on the simulated database), and answers malformed
 * or oversized bodies with a GraphQL {@code errors} list instead of a container error page.
 */
@WebServlet(name = "GraphQL", urlPatterns = "/graphql", asyncSupported = true)
public class GraphQLServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient SubgraphExecution execution;

    @Inject
    @ConfigProperty(name = "graphql.max.body.bytes", defaultValue = "65536")
    long maxBodyBytes;

    @Inject
    @ConfigProperty(name = "graphql.execution.timeout.ms", defaultValue = "30000")
    long executionTimeoutMillis;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            GraphQLResponses.error(response, 413, "Request body exceeds " + maxBodyBytes + " bytes");
            return;
        }
        JsonObject operation;
        try (Reader body = request.getReader(); JsonReader json = Json.createReader(body)) {
            operation = json.readObject();
        } catch (JsonException | IllegalStateException e) {
            GraphQLResponses.error(response, 400, "Request body is not a JSON object: " + e.getMessage());
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(executionTimeoutMillis);
        execution.service().executeAsync(operation, new AsyncResponseWriter(async));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        GraphQLResponses.error(response, 405, "Send GraphQL operations with POST");
    }
}
