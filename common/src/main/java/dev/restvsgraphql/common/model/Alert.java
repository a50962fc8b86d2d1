package dev.restvsgraphql.common.model;

import org.eclipse.microprofile.graphql.Id;

/** A warning derived from a robot's latest telemetry. Owned by the robot service. */
public record Alert(@Id long id, @Id long robotId, Severity severity, String message, String timestamp) {

    /** How urgent an alert is. */
    public enum Severity {
        WARNING, CRITICAL
    }
}
