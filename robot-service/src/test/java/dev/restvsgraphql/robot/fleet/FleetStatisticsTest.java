package dev.restvsgraphql.robot.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.restvsgraphql.common.model.Alert;
import dev.restvsgraphql.common.model.Alert.Severity;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.RobotStatus;
import dev.restvsgraphql.common.model.Telemetry;

class FleetStatisticsTest {

    private static Robot robot(long id, long siteId, long operatorId, RobotStatus status) {
        return new Robot(id, "RB-" + id, "AMR-200", status, siteId, operatorId, "1.0.0", "2026-01-01T00:00:00Z");
    }

    private static Telemetry reading(long robotId, double cpu, double battery) {
        return new Telemetry(robotId, cpu, 50, battery, 40, "2026-11-01T00:00:00Z");
    }

    private static Alert alert(long id, long robotId, String timestamp) {
        return new Alert(id, robotId, Severity.WARNING, "alert " + id, timestamp);
    }

    private final List<Robot> robots = List.of(robot(1, 1, 10, RobotStatus.ACTIVE), robot(2, 1, 10, RobotStatus.ERROR),
            robot(3, 2, 20, RobotStatus.ACTIVE), robot(4, 2, 30, RobotStatus.ACTIVE), robot(5, 2, 30, RobotStatus.IDLE));
    private final List<Telemetry> telemetry = List.of(reading(1, 10, 100), reading(2, 20, 50), reading(3, 30, 10),
            reading(4, 40, 20), reading(5, 51, 31));
    private final List<Alert> alerts = List.of(alert(1, 3, "2026-11-01T00:00:01Z"), alert(2, 4, "2026-11-01T00:00:03Z"),
            alert(3, 5, "2026-11-01T00:00:02Z"));

    @Test
    void computesPerSiteStatistics() {
        FleetOverview overview = FleetStatistics.overview(robots, telemetry, alerts);
        assertEquals(2, overview.siteStats().size());
        FleetOverview.SiteStats second = overview.siteStats().get(1);
        assertEquals(2, second.siteId());
        assertEquals(3, second.robotCount());
        assertEquals(20.33, second.averageBattery());
        assertEquals(40.33, second.averageCpu());
        assertEquals(2, second.statusCounts().stream().filter(c -> c.status() == RobotStatus.ACTIVE).findFirst()
                .orElseThrow().count());
        assertEquals(RobotStatus.values().length, second.statusCounts().size());
    }

    @Test
    void ranksOperatorsByRobotsThenAlertsThenId() {
        List<FleetOverview.OperatorStats> top = FleetStatistics.overview(robots, telemetry, alerts).topOperators();
        assertEquals(List.of(30L, 10L, 20L), top.stream().map(FleetOverview.OperatorStats::operatorId).toList());
        assertEquals(2, top.get(0).alertCount());
        assertEquals(0, top.get(1).alertCount());
    }

    @Test
    void listsTheLatestAlertsFirstWithTheirRobot() {
        List<FleetOverview.RecentAlert> recent = FleetStatistics.overview(robots, telemetry, alerts).recentAlerts();
        assertEquals(List.of(2L, 3L, 1L), recent.stream().map(FleetOverview.RecentAlert::id).toList());
        assertEquals("RB-4", recent.get(0).robot().name());
    }
}
