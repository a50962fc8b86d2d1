package dev.restvsgraphql.common.model;

import org.eclipse.microprofile.graphql.Id;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/** An operator who is responsible for robots. Owned by the user service. */
@Key(fields = @FieldSet("id"))
public record User(@Id long id, String name, String email, String role, String phone, String createdAt) {
}
