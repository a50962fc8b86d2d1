package dev.restvsgraphql.common.client;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * Carries the calls of the {@code *ServiceClient} classes to the other services: one Rest Client
 * per service, built on its first call, whose base URL is the MicroProfile Config property
 * {@code <name>.url}.
 *
 * <p>A bean of its own rather than a base class of the clients, because the clients declare their
 * Fault Tolerance policy on the class: a class-level policy covers every method of the class,
 * inherited ones included, so a helper method there would be intercepted (and timed, and counted by
 * the circuit breaker) a second time, and Liberty refuses a class-level {@code @Asynchronous} bean
 * with any method, a {@code @PostConstruct} one too, that does not return a {@code CompletionStage}.
 */
@ApplicationScoped
public class DownstreamCalls {

    /** A service called over REST: its name (for its URL and errors) and its Rest Client interface. */
    public record Service<A>(String name, Class<A> api) {
    }

    @Inject
    Config config;

    @Inject
    OutgoingCallThreads outgoingCalls;

    /** Liberty's default executor: where the caller's work goes on once the answer is in. */
    @Resource
    ManagedExecutorService executor;

    private final ConcurrentMap<Service<?>, Object> clients = new ConcurrentHashMap<>();

    /**
     * Calls the service; any failure surfaces as a {@link DownstreamException} naming it. The
     * answer is handed back to Liberty's executor, so the outgoing thread is free again as soon
     * as the exchange is over.
     */
    public <A, T> CompletionStage<T> call(Service<A> service, Function<A, CompletionStage<T>> request) {
        A api = service.api().cast(clients.computeIfAbsent(service, this::connect));
        return RestClients.call(service.name(), () -> request.apply(api)).thenApplyAsync(Function.identity(), executor);
    }

    private Object connect(Service<?> service) {
        return RestClients.create(service.api(), config.getValue(service.name() + ".url", String.class), config,
                outgoingCalls.executor());
    }
}
