package dev.restvsgraphql.common.data;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Stands in for a database: every repository call is answered after one fixed simulated
 * latency, whatever the number of records it returns, so a batch lookup costs the same as a
 * single one. The wait is a scheduled completion, not a sleep, so no worker thread is held
 * while a call is "in the database". Each call is counted, which lets tests prove batching.
 */
@ApplicationScoped
public class SimulatedDatabase {

    public static final String CALLS_METRIC = "repository.calls";
    public static final String LATENCY_METRIC = "simulated.latency.ms";

    @Inject
    @ConfigProperty(name = "simulated.latency.ms", defaultValue = "10")
    long latencyMillis;

    @Inject
    MetricRegistry metrics;

    @Resource
    ManagedExecutorService workers;

    /** One counter per repository, looked up once: the registry's lookup takes a lock per call. */
    private final ConcurrentMap<String, Counter> callsByTable = new ConcurrentHashMap<>();

    private Executor afterLatency;

    @PostConstruct
    void start() {
        afterLatency = CompletableFuture.delayedExecutor(latencyMillis, TimeUnit.MILLISECONDS, workers);
        metrics.gauge(LATENCY_METRIC, () -> latencyMillis);
    }

    /**
     * Runs one repository call.
     *
     * @param table the repository being read, used as the metric tag
     * @param lookup the in-memory lookup, run after the latency on a worker thread
     */
    public <T> CompletionStage<T> query(String table, Supplier<T> lookup) {
        callsByTable.computeIfAbsent(table, name -> metrics.counter(CALLS_METRIC, new Tag("repository", name))).inc();
        return CompletableFuture.supplyAsync(lookup, afterLatency);
    }

    public long latencyMillis() {
        return latencyMillis;
    }
}
