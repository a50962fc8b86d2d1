package dev.restvsgraphql.common.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The threads that carry outgoing REST calls. Liberty's Rest Client runs RESTEasy's blocking
 * Apache engine, so each call in flight holds a thread until its answer or its read timeout.
 * Giving those waits a bounded pool of their own keeps them off Liberty's default executor,
 * whose few threads then only run CPU work (requests, simulated-database completions, JSON), as
 * they do on the GraphQL instances. A large default executor instead would let dozens of
 * request threads share the one core with the JIT compiler and starve it (measured in
 * docs/methodology.md, "Sizing the threads").
 *
 * <p>The threads come from the container ({@link ManagedThreadFactory}). There is no queue: when
 * all {@code downstream.threads} are busy a call is refused at once (503), as a bulkhead would,
 * instead of waiting where no deadline covers it.
 */
@ApplicationScoped
public class OutgoingCallThreads {

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    @ConfigProperty(name = "downstream.threads")
    int maxThreads;

    @Inject
    MetricRegistry metrics;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        pool = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory);
        metrics.gauge("outgoing.threads.active", pool::getActiveCount);
        metrics.gauge("outgoing.threads.size", pool::getPoolSize);
        metrics.gauge("outgoing.threads.max", () -> maxThreads);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    ExecutorService executor() {
        return pool;
    }
}
