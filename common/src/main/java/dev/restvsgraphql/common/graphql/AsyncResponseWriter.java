package dev.restvsgraphql.common.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;

/** Writes an asynchronously computed GraphQL result and completes the servlet request. */
class AsyncResponseWriter implements ExecutionResponseWriter {

    private static final Logger LOG = Logger.getLogger(AsyncResponseWriter.class.getName());

    private final AsyncContext async;

    AsyncResponseWriter(AsyncContext async) {
        this.async = async;
    }

    @Override
    public void write(ExecutionResponse result) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            GraphQLResponses.json(response, 200, result.getExecutionResultAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            async.complete();
        }
    }

    @Override
    public void fail(Throwable failure) {
        LOG.log(Level.WARNING, "GraphQL execution failed", failure);
        try {
            GraphQLResponses.error((HttpServletResponse) async.getResponse(), 500,
                    "Execution failed: " + failure.getClass().getSimpleName());
        } catch (IOException e) {
            LOG.log(Level.FINE, "Client went away before the error was written", e);
        } finally {
            async.complete();
        }
    }
}
