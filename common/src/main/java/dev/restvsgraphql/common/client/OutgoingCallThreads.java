package dev.restvsgraphql.common.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
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
 * they do on the GraphQL instances. A large default executor instead lets dozens of request
 * threads compete with the JIT compiler while the JVMs warm up, and bounds no wait (measured in
 * docs/methodology.md, "Sizing the threads").
 *
 * <p>The threads come from the container ({@link ManagedThreadFactory}). A call finding all
 * {@code downstream.threads} busy waits in a queue of {@code downstream.queue} calls; that wait is
 * inside the call's Fault Tolerance timeout (2 s), so a burst is smoothed, not refused, and no
 * wait outlives its deadline. A call finding the queue full too is refused at once (503).
 */
@ApplicationScoped
public class OutgoingCallThreads {

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    @ConfigProperty(name = "downstream.threads")
    int maxThreads;

    @Inject
    @ConfigProperty(name = "downstream.queue")
    int queueCapacity;

    @Inject
    MetricRegistry metrics;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity), threadFactory);
        // Threads are started as calls arrive and end after 60 s idle: an idle service holds none.
        pool.allowCoreThreadTimeOut(true);
        metrics.gauge("outgoing.threads.active", pool::getActiveCount);
        metrics.gauge("outgoing.threads.size", pool::getPoolSize);
        metrics.gauge("outgoing.threads.queued", () -> pool.getQueue().size());
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
