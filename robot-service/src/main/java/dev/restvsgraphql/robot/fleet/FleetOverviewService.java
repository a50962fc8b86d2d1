package dev.restvsgraphql.robot.fleet;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.restvsgraphql.common.model.Alert;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.robot.data.AlertRepository;
import dev.restvsgraphql.robot.data.RobotRepository;
import dev.restvsgraphql.robot.data.TelemetryRepository;

/** Reads robots, telemetry and alerts in parallel (one simulated latency) and aggregates them. */
@ApplicationScoped
public class FleetOverviewService {

    @Inject
    RobotRepository robots;

    @Inject
    TelemetryRepository telemetry;

    @Inject
    AlertRepository alerts;

    public CompletionStage<FleetOverview> overview() {
        CompletableFuture<List<Robot>> allRobots = robots.findAll().toCompletableFuture();
        CompletableFuture<List<Telemetry>> allTelemetry = telemetry.findAll().toCompletableFuture();
        CompletableFuture<List<Alert>> allAlerts = alerts.findAll().toCompletableFuture();
        return CompletableFuture.allOf(allRobots, allTelemetry, allAlerts)
                .thenApply(loaded -> FleetStatistics.overview(allRobots.join(), allTelemetry.join(), allAlerts.join()));
    }
}
