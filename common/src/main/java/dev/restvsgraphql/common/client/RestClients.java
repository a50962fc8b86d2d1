package dev.restvsgraphql.common.client;

import java.net.URI;
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
 * base URL and socket timeouts still come from MicroProfile Config.
 */
final class RestClients {

    private RestClients() {
    }

    static <T> T create(Class<T> api, String baseUrl, Config config, ExecutorService executor) {
        long connectTimeout = config.getValue("downstream.connect.timeout.ms", Long.class);
        long readTimeout = config.getValue("downstream.read.timeout.ms", Long.class);
        return RestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(connectTimeout, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout, TimeUnit.MILLISECONDS)
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
