package dev.restvsgraphql.common.client;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * Base of the clients of the other services: holds the Rest Client for service {@code name},
 * whose base URL is the MicroProfile Config property {@code <name>.url}. Subclasses declare the
 * Fault Tolerance policy (timeout, circuit breaker) on their public methods.
 */
abstract class ServiceClient<A> {

    private final String name;
    private final Class<A> apiType;

    @Inject
    Config config;

    @Inject
    OutgoingCallThreads outgoingCalls;

    /** Liberty's default executor: where the caller's work goes on once the answer is in. */
    @Resource
    ManagedExecutorService executor;

    private A api;

    ServiceClient(String name, Class<A> apiType) {
        this.name = name;
        this.apiType = apiType;
    }

    @PostConstruct
    void connect() {
        api = RestClients.create(apiType, config.getValue(name + ".url", String.class), config, outgoingCalls.executor());
    }

    /**
     * Calls the service; any failure surfaces as a {@link DownstreamException} naming it. The
     * answer is handed back to Liberty's executor, so the outgoing thread is free again as soon
     * as the exchange is over.
     */
    protected <T> CompletionStage<T> call(Function<A, CompletionStage<T>> request) {
        return RestClients.call(name, () -> request.apply(api)).thenApplyAsync(Function.identity(), executor);
    }
}
