package dev.restvsgraphql.common.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Builds Rest Clients for the other services. Clients are built programmatically (rather than
 * injected with {@code @RestClient}) because their interfaces live in this shared library; the
 * base URL, socket timeouts and connection pool still come from MicroProfile Config.
 *
 * <p>Liberty's Rest Client runs RESTEasy's blocking Apache engine: a call in flight holds one
 * thread of the executor given here ({@link OutgoingCallThreads}) until its answer or its socket
 * timeout. Hence a read timeout no longer than the Fault Tolerance {@code @Timeout}, a connection
 * pool at least as large as that executor (so a call never holds a thread while waiting for a
 * connection, and the checkout timeout is only a backstop), and a connection lifetime below
 * Liberty's keep-alive idle time (so this client retires a pooled connection before the server
 * closes it under it). RESTEasy's pool settings are reached through {@code resteasy.*} builder
 * properties: Liberty has no server.xml element for them, and its RESTEasy client packages are
 * internal API, so no non-blocking engine can be plugged in.
 */
final class RestClients {

    private RestClients() {
    }

    static <T> T create(Class<T> api, String baseUrl, Config config, ExecutorService executor) {
        long connectTimeout = config.getValue("downstream.connect.timeout.ms", Long.class);
        long readTimeout = config.getValue("downstream.read.timeout.ms", Long.class);
        int poolSize = config.getValue("downstream.pool.size", Integer.class);
        long checkoutTimeout = config.getValue("downstream.pool.checkout.timeout.ms", Long.class);
        long connectionLifetime = config.getValue("downstream.connection.ttl.ms", Long.class);
        return RestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(connectTimeout, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout, TimeUnit.MILLISECONDS)
                .property("resteasy.connectionPoolSize", poolSize)
                .property("resteasy.maxPooledPerRoute", poolSize)
                .property("resteasy.connectionCheckoutTimeout", List.of(checkoutTimeout, TimeUnit.MILLISECONDS))
                .property("resteasy.connectionTTL", List.of(connectionLifetime, TimeUnit.MILLISECONDS))
                .executorService(executor)
                .build(api);
    }

    /** Runs a call, reporting any failure of it as a {@link DownstreamException} of {@code service}. */
    static <T> CompletionStage<T> call(String service, Supplier<CompletionStage<T>> call) {
        try {
            return call.get().exceptionallyCompose(failure -> CompletableFuture
                    .failedStage(new DownstreamException(service, failure)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(new DownstreamException(service, e));
        }
    }
}
