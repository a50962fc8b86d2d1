package dev.restvsgraphql.robot.data;

import jakarta.enterprise.context.ApplicationScoped;

import dev.restvsgraphql.common.data.JsonRepository;
import dev.restvsgraphql.common.model.Alert;

/** Alerts derived from the latest telemetry, loaded from {@code data/alerts.json}. */
@ApplicationScoped
public class AlertRepository extends JsonRepository<Alert> {

    public AlertRepository() {
        super("alerts", Alert.class, Alert::id);
    }
}
