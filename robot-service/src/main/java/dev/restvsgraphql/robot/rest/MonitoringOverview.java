package dev.restvsgraphql.robot.rest;

import java.util.List;

import dev.restvsgraphql.common.model.Alert.Severity;
import dev.restvsgraphql.robot.fleet.FleetOverview.StatusCount;

/** The REST form of API-4: the fleet overview with site, operator and robot names filled in. */
public record MonitoringOverview(List<SiteStats> siteStats, List<TopOperator> topOperators,
        List<RecentAlert> recentAlerts) {

    public record SiteStats(long siteId, String siteName, int robotCount, List<StatusCount> statusCounts,
            double averageBattery, double averageCpu) {
    }

    public record TopOperator(long operatorId, String name, int robotCount, int alertCount) {
    }

    public record RecentAlert(long id, long robotId, String robotName, long siteId, String siteName,
            Severity severity, String message, String timestamp) {
    }
}
