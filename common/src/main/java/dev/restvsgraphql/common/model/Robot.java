package dev.restvsgraphql.common.model;

import org.eclipse.microprofile.graphql.Id;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;

/** A robot working at a site under one operator. Owned by the robot service. */
@Key(fields = @FieldSet("id"))
public record Robot(@Id long id, String name, String model, RobotStatus status, @Id long siteId, @Id long operatorId,
        String firmware, String installedAt) {
}
