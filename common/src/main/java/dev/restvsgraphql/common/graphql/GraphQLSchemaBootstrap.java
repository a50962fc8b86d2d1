package dev.restvsgraphql.common.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Repeatable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.jboss.jandex.CompositeIndex;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Indexer;

import dev.restvsgraphql.common.model.Alert;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.RobotStatus;
import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.common.model.User;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.smallrye.graphql.api.Entry;
import io.smallrye.graphql.api.federation.Extends;
import io.smallrye.graphql.api.federation.External;
import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.Shareable;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import io.smallrye.graphql.api.federation.link.Purpose;
import io.smallrye.graphql.cdi.producer.GraphQLProducer;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.schema.SchemaBuilder;
import io.smallrye.graphql.schema.model.Schema;

/**
 * Builds the service's GraphQL schema at start-up. SmallRye's own servlet module indexes every
 * jar of the application (slow, and it emits each federation directive twice, which composition
 * rejects); this indexes only the service's classes, the shared model and the directive
 * annotations the subgraphs use.
 *
 * <p>SmallRye GraphQL 2.17 turns its own default field visibility ("default") into a
 * {@code BlockedFields} rule with the pattern "default", so graphql-java matches a regular
 * expression for every field it resolves (11 % of the user subgraph's CPU samples at 300 req/s).
 * The schema is served with graphql-java's default visibility instead: the same fields, no
 * matching.
 */
@WebListener
public class GraphQLSchemaBootstrap implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(GraphQLSchemaBootstrap.class.getName());

    private static final List<Class<?>> SHARED_TYPES = List.of(User.class, Site.class, Robot.class,
            RobotStatus.class, Telemetry.class, Alert.class, Alert.Severity.class);

    private static final List<Class<?>> DIRECTIVES = List.of(Map.class, Entry.class, Repeatable.class,
            Key.class, FieldSet.class, Link.class, Import.class, Purpose.class, Shareable.class, External.class,
            Extends.class, Resolver.class);

    @Inject
    GraphQLProducer producer;

    @Inject
    SubgraphExecution execution;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        long started = System.nanoTime();
        ServletContext context = event.getServletContext();
        Indexer serviceClasses = new Indexer();
        indexFolder(context, "/WEB-INF/classes/", serviceClasses);
        Indexer sharedClasses = new Indexer();
        SHARED_TYPES.forEach(type -> indexClass(type, sharedClasses));
        DIRECTIVES.forEach(type -> indexClass(type, sharedClasses));
        IndexView index = CompositeIndex.create(serviceClasses.complete(), sharedClasses.complete());

        Schema schema = SchemaBuilder.build(index);
        GraphQLSchema bootstrapped = producer.initialize(schema, true);
        execution.start(new ExecutionService(withDefaultFieldVisibility(bootstrapped), schema));
        LOG.info(() -> "GraphQL schema ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    static GraphQLSchema withDefaultFieldVisibility(GraphQLSchema schema) {
        return schema.transformWithoutTypes(builder -> builder.codeRegistry(schema.getCodeRegistry()
                .transform(code -> code.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY))));
    }

    private static void indexFolder(ServletContext context, String folder, Indexer indexer) {
        Set<String> paths = context.getResourcePaths(folder);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            if (path.endsWith("/")) {
                indexFolder(context, path, indexer);
            } else if (path.endsWith(".class")) {
                try (InputStream bytes = context.getResourceAsStream(path)) {
                    indexer.index(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot index " + path, e);
                }
            }
        }
    }

    private static void indexClass(Class<?> type, Indexer indexer) {
        try (InputStream bytes = type.getResourceAsStream('/' + type.getName().replace('.', '/') + ".class")) {
            indexer.index(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot index " + type.getName(), e);
        }
    }
}
