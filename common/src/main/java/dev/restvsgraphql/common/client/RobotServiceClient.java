package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.annotation.Counted;

import dev.restvsgraphql.common.client.DownstreamCalls.Service;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.common.rest.Ids;

/**
 * Calls the robot service. Policy, for every method (each has a circuit of its own): 2 s timeout,
 * circuit opens at 50 % failures of 20 calls for 5 s. Being class-level, it is overridden per class
 * ({@code dev.restvsgraphql.common.client.RobotServiceClient/Timeout/value}); every method must
 * return a {@code CompletionStage}.
 */
@ApplicationScoped
@Asynchronous
@Timeout(2000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
public class RobotServiceClient {

    private static final Service<RobotApi> ROBOT_SERVICE = new Service<>("robot-service", RobotApi.class);

    @Inject
    DownstreamCalls downstream;

    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=robot-service", "operation=robotsOfSite" })
    public CompletionStage<List<Robot>> robotsOfSite(long siteId) {
        return downstream.call(ROBOT_SERVICE, api -> api.robotsOfSite(siteId));
    }

    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=robot-service", "operation=telemetry" })
    public CompletionStage<Telemetry> telemetry(long robotId) {
        return downstream.call(ROBOT_SERVICE, api -> api.telemetry(robotId));
    }

    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=robot-service", "operation=telemetryOf" })
    public CompletionStage<List<Telemetry>> telemetryOf(List<Long> robotIds) {
        return downstream.call(ROBOT_SERVICE, api -> api.telemetryOf(Ids.join(robotIds)));
    }
}
