package dev.restvsgraphql.common.rest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.restvsgraphql.common.client.DownstreamException;

/**
 * Turns every failure of a REST endpoint into a JSON {@link ErrorResponse}: client mistakes keep
 * their 4xx status, a slow downstream service is a 504, an open circuit, a full bulkhead or no
 * free outgoing thread a 503, any other downstream failure a 502. Failures of asynchronous
 * responses arrive wrapped in {@link CompletionException}, so the cause is unwrapped first.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable failure = unwrap(thrown);
        ErrorResponse body = describe(failure);
        // No log line per failed request: under a fault every request fails, and the GraphQL
        // side writes none for its partial answers either. Unexpected failures are logged below.
        return Response.status(body.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static ErrorResponse describe(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return error(status, Status.fromStatusCode(status) == null ? "Error" : Status.fromStatusCode(status).getReasonPhrase(),
                    web.getMessage());
        }
        if (failure instanceof TimeoutException) {
            // The Fault Tolerance timeout carries no message, and which call it cut is not known here.
            return error(504, "Gateway Timeout", failure.getMessage() == null
                    ? "A downstream service did not answer within the call's timeout"
                    : "A downstream service did not answer in time: " + failure.getMessage());
        }
        if (failure instanceof CircuitBreakerOpenException) {
            // Fault Tolerance gives this exception no message.
            return error(503, "Service Unavailable",
                    "A downstream service is unavailable: its circuit breaker is open after repeated failures");
        }
        if (failure instanceof BulkheadException) {
            return error(503, "Service Unavailable", "A downstream service is unavailable: " + failure.getMessage());
        }
        if (failure instanceof DownstreamException downstream) {
            // The client wraps its causes (ProcessingException around the socket's exception), and
            // the socket read timeout equals the Fault Tolerance timeout, so either may end a slow
            // call: both are timeouts, wherever they sit in the chain.
            if (causedBy(downstream, TimeoutException.class) || causedBy(downstream, java.net.SocketTimeoutException.class)) {
                return error(504, "Gateway Timeout", downstream.getMessage());
            }
            if (causedBy(downstream, RejectedExecutionException.class)) {
                return error(503, "Service Unavailable", "No thread free for a call to " + downstream.service());
            }
            return error(502, "Bad Gateway", downstream.getMessage());
        }
        LOG.log(Level.SEVERE, "Unexpected failure", failure);
        return error(500, "Internal Server Error", "Unexpected failure: " + failure.getClass().getSimpleName());
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static ErrorResponse error(int status, String error, String message) {
        return new ErrorResponse(status, error, message);
    }
}
