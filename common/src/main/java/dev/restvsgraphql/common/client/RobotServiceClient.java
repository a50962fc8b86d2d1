package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.annotation.Counted;

import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.common.rest.Ids;

/** Calls the robot service. Policy: 2 s timeout, circuit opens at 50 % failures of 20 calls for 5 s. */
@ApplicationScoped
public class RobotServiceClient extends ServiceClient<RobotApi> {

    public RobotServiceClient() {
        super("robot-service", RobotApi.class);
    }

    @Asynchronous
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=robot-service", "operation=robotsOfSite" })
    public CompletionStage<List<Robot>> robotsOfSite(long siteId) {
        return call(api -> api.robotsOfSite(siteId));
    }

    @Asynchronous
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=robot-service", "operation=telemetry" })
    public CompletionStage<Telemetry> telemetry(long robotId) {
        return call(api -> api.telemetry(robotId));
    }

    @Asynchronous
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=robot-service", "operation=telemetryOf" })
    public CompletionStage<List<Telemetry>> telemetryOf(List<Long> robotIds) {
        return call(api -> api.telemetryOf(Ids.join(robotIds)));
    }
}
