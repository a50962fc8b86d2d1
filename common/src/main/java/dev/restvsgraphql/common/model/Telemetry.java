package dev.restvsgraphql.common.model;

import org.eclipse.microprofile.graphql.Id;

/** The latest reading of a robot's sensors. Owned by the robot service. */
public record Telemetry(@Id long robotId, double cpu, double memory, double battery, double temperature,
        String timestamp) {
}
