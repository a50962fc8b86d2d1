package dev.restvsgraphql.robot.data;

import jakarta.enterprise.context.ApplicationScoped;

import dev.restvsgraphql.common.data.JsonRepository;
import dev.restvsgraphql.common.model.Telemetry;

/** The latest telemetry reading of each robot, keyed by robot id, from {@code data/telemetry.json}. */
@ApplicationScoped
public class TelemetryRepository extends JsonRepository<Telemetry> {

    public TelemetryRepository() {
        super("telemetry", Telemetry.class, Telemetry::robotId);
    }
}
