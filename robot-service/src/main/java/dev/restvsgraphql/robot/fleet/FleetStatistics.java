package dev.restvsgraphql.robot.fleet;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import dev.restvsgraphql.common.model.Alert;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.RobotStatus;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.robot.fleet.FleetOverview.OperatorStats;
import dev.restvsgraphql.robot.fleet.FleetOverview.RecentAlert;
import dev.restvsgraphql.robot.fleet.FleetOverview.SiteStats;
import dev.restvsgraphql.robot.fleet.FleetOverview.StatusCount;

/** The API-4 aggregation over robots, telemetry and alerts; pure, so both APIs share it. */
public final class FleetStatistics {

    public static final int TOP_OPERATORS = 5;
    public static final int RECENT_ALERTS = 10;

    private FleetStatistics() {
    }

    public static FleetOverview overview(List<Robot> robots, List<Telemetry> telemetry, List<Alert> alerts) {
        Map<Long, Robot> robotsById = robots.stream().collect(Collectors.toMap(Robot::id, Function.identity()));
        Map<Long, Telemetry> telemetryByRobot = telemetry.stream()
                .collect(Collectors.toMap(Telemetry::robotId, Function.identity()));
        return new FleetOverview(siteStats(robots, telemetryByRobot), topOperators(robots, alerts, robotsById),
                recentAlerts(alerts, robotsById));
    }

    static List<SiteStats> siteStats(List<Robot> robots, Map<Long, Telemetry> telemetryByRobot) {
        Map<Long, List<Robot>> bySite = robots.stream().collect(Collectors.groupingBy(Robot::siteId));
        return bySite.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(site -> {
            List<Robot> siteRobots = site.getValue();
            List<Telemetry> readings = siteRobots.stream().map(robot -> telemetryByRobot.get(robot.id()))
                    .filter(reading -> reading != null).toList();
            List<StatusCount> statusCounts = Arrays.stream(RobotStatus.values())
                    .map(status -> new StatusCount(status,
                            (int) siteRobots.stream().filter(robot -> robot.status() == status).count()))
                    .toList();
            return new SiteStats(site.getKey(), siteRobots.size(), statusCounts, average(readings, Telemetry::battery),
                    average(readings, Telemetry::cpu));
        }).toList();
    }

    static List<OperatorStats> topOperators(List<Robot> robots, List<Alert> alerts, Map<Long, Robot> robotsById) {
        Map<Long, Long> robotsPerOperator = robots.stream()
                .collect(Collectors.groupingBy(Robot::operatorId, Collectors.counting()));
        Map<Long, Long> alertsPerOperator = alerts.stream().map(alert -> robotsById.get(alert.robotId()))
                .filter(robot -> robot != null)
                .collect(Collectors.groupingBy(Robot::operatorId, Collectors.counting()));
        return robotsPerOperator.entrySet().stream()
                .map(entry -> new OperatorStats(entry.getKey(), entry.getValue().intValue(),
                        alertsPerOperator.getOrDefault(entry.getKey(), 0L).intValue()))
                .sorted(Comparator.comparingInt(OperatorStats::robotCount).reversed()
                        .thenComparing(Comparator.comparingInt(OperatorStats::alertCount).reversed())
                        .thenComparingLong(OperatorStats::operatorId))
                .limit(TOP_OPERATORS).toList();
    }

    static List<RecentAlert> recentAlerts(List<Alert> alerts, Map<Long, Robot> robotsById) {
        return alerts.stream()
                .sorted(Comparator.comparing(Alert::timestamp).thenComparingLong(Alert::id).reversed())
                .limit(RECENT_ALERTS)
                .map(alert -> new RecentAlert(alert.id(), robotsById.get(alert.robotId()), alert.severity(),
                        alert.message(), alert.timestamp()))
                .toList();
    }

    /** Mean rounded to two decimals, so REST and GraphQL print the same number. */
    private static double average(List<Telemetry> readings, ToDoubleFunction<Telemetry> value) {
        double mean = readings.stream().mapToDouble(value).average().orElse(0);
        return Math.round(mean * 100) / 100.0;
    }
}
