package dev.restvsgraphql.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import dev.restvsgraphql.common.client.DownstreamException;

class ErrorMapperTest {

    @Test
    void keepsClientErrorStatus() {
        ErrorResponse error = ErrorMapper.describe(new NotFoundException("User 9 not found"));
        assertEquals(404, error.status());
        assertEquals("User 9 not found", error.message());
    }

    @Test
    void mapsDownstreamFailures() {
        var refused = new DownstreamException("user-service", new ProcessingException(new ConnectException("Connection refused")));
        assertEquals(502, ErrorMapper.describe(refused).status());
        assertTrue(ErrorMapper.describe(refused).message().contains("user-service"));
        assertEquals(504, ErrorMapper.describe(new TimeoutException("slow")).status());
        assertEquals(503, ErrorMapper.describe(new CircuitBreakerOpenException("open")).status());
    }

    @Test
    void aSocketReadTimeoutInsideTheClientsWrapperIsA504() {
        // The read timeout equals the Fault Tolerance timeout: when the socket gives up first, the
        // client reports it wrapped in a ProcessingException (seen as a stray 502 in a system test).
        var slow = new DownstreamException("user-service",
                new CompletionException(new ProcessingException(new SocketTimeoutException("Read timed out"))));
        ErrorResponse error = ErrorMapper.describe(slow);
        assertEquals(504, error.status());
        assertTrue(error.message().contains("user-service"), error.message());
    }

    @Test
    void anOpenCircuitSaysSoEvenWithoutAMessage() {
        ErrorResponse error = ErrorMapper.describe(new CircuitBreakerOpenException());
        assertEquals(503, error.status());
        assertTrue(error.message().contains("circuit breaker is open"), error.message());
    }

    @Test
    void aCallRefusedForWantOfAThreadIsA503NamingTheService() {
        var refused = new DownstreamException("site-service", new RejectedExecutionException("pool full"));
        ErrorResponse error = ErrorMapper.describe(refused);
        assertEquals(503, error.status());
        assertTrue(error.message().contains("site-service"));
    }

    @Test
    void unwrapsAsynchronousFailures() {
        var wrapped = new CompletionException(new CompletionException(new NotFoundException("gone")));
        assertEquals(404, ErrorMapper.describe(ErrorMapper.unwrap(wrapped)).status());
    }

    @Test
    void hidesUnexpectedFailuresBehindA500() {
        ErrorResponse error = ErrorMapper.describe(new IllegalStateException("secret detail"));
        assertEquals(500, error.status());
        assertTrue(!error.message().contains("secret detail"));
    }
}
