package dev.restvsgraphql.common.model;

import org.eclipse.microprofile.graphql.Id;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/** A location that hosts robots. Owned by the site service. */
@Key(fields = @FieldSet("id"))
public record Site(@Id long id, String name, String city, String country, double latitude, double longitude,
        String timezone) {
}
