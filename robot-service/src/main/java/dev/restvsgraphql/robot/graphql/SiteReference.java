package dev.restvsgraphql.robot.graphql;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/** A site as this subgraph knows it: the key, to which this subgraph contributes {@code robots}. */
@Name("Site")
@Key(fields = @FieldSet("id"))
public record SiteReference(@Id long id) {
}
