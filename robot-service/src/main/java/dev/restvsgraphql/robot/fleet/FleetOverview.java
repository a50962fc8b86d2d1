package dev.restvsgraphql.robot.fleet;

import java.util.List;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;

import dev.restvsgraphql.common.model.Alert.Severity;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.RobotStatus;

/**
 * API-4: the fleet aggregated three ways. Sites and operators are referred to by id: the REST
 * endpoint adds their names with batch calls, the GraphQL router with entity fetches.
 */
@Name("MonitoringOverview")
public record FleetOverview(List<SiteStats> siteStats, List<OperatorStats> topOperators,
        List<RecentAlert> recentAlerts) {

    /** Per site: robot count, robots per status, mean battery and cpu of the latest telemetry. */
    public record SiteStats(@Id long siteId, int robotCount, List<StatusCount> statusCounts, double averageBattery,
            double averageCpu) {
    }

    /** How many robots are in one status. */
    public record StatusCount(RobotStatus status, int count) {
    }

    /** An operator with the number of robots they run and the alerts raised on those robots. */
    public record OperatorStats(@Id long operatorId, int robotCount, int alertCount) {
    }

    /** An alert together with the robot that raised it. */
    public record RecentAlert(@Id long id, Robot robot, Severity severity, String message, String timestamp) {
    }
}
