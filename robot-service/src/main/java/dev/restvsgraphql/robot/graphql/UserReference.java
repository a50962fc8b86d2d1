package dev.restvsgraphql.robot.graphql;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/** A robot's operator as this subgraph knows it: only the key; the user subgraph adds the rest. */
@Name("User")
@Key(fields = @FieldSet("id"))
public record UserReference(@Id long id) {
}
