package dev.restvsgraphql.common.graphql;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.graphql.execution.ExecutionService;

/**
 * The subgraph's execution service, built once by {@link GraphQLSchemaBootstrap} and used by
 * {@link GraphQLServlet}. SmallRye produces one of its own, but over a schema whose field
 * visibility costs a regular-expression match per field resolved (see the bootstrap).
 */
@ApplicationScoped
public class SubgraphExecution {

    private volatile ExecutionService service;

    void start(ExecutionService service) {
        this.service = service;
    }

    ExecutionService service() {
        ExecutionService started = service;
        if (started == null) {
            throw new IllegalStateException("The GraphQL schema has not been built yet");
        }
        return started;
    }
}
