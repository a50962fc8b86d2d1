package dev.restvsgraphql.robot.rest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.restvsgraphql.common.client.SiteServiceClient;
import dev.restvsgraphql.common.client.UserServiceClient;
import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.common.model.User;
import dev.restvsgraphql.robot.fleet.FleetOverview;
import dev.restvsgraphql.robot.fleet.FleetOverviewService;

/**
 * API-4 over REST. Call graph: robots, telemetry and alerts read in parallel here (1 latency),
 * then one batch call to the site service and one to the user service, in parallel, for names
 * (1 latency each, overlapping).
 */
@ApplicationScoped
public class MonitoringOverviewService {

    @Inject
    FleetOverviewService fleet;

    @Inject
    SiteServiceClient siteService;

    @Inject
    UserServiceClient userService;

    public CompletionStage<MonitoringOverview> overview() {
        return fleet.overview().thenCompose(overview -> {
            List<Long> siteIds = Stream.concat(overview.siteStats().stream().map(FleetOverview.SiteStats::siteId),
                    overview.recentAlerts().stream().map(alert -> alert.robot().siteId())).distinct().toList();
            List<Long> operatorIds = overview.topOperators().stream().map(FleetOverview.OperatorStats::operatorId)
                    .toList();
            return siteService.sites(siteIds).thenCombine(userService.users(operatorIds),
                    (sites, users) -> named(overview, byId(sites, Site::id), byId(users, User::id)));
        });
    }

    private static MonitoringOverview named(FleetOverview overview, Map<Long, Site> sites, Map<Long, User> users) {
        return new MonitoringOverview(
                overview.siteStats().stream().map(stats -> new MonitoringOverview.SiteStats(stats.siteId(),
                        sites.get(stats.siteId()).name(), stats.robotCount(), stats.statusCounts(),
                        stats.averageBattery(), stats.averageCpu())).toList(),
                overview.topOperators().stream().map(operator -> new MonitoringOverview.TopOperator(
                        operator.operatorId(), users.get(operator.operatorId()).name(), operator.robotCount(),
                        operator.alertCount())).toList(),
                overview.recentAlerts().stream().map(alert -> new MonitoringOverview.RecentAlert(alert.id(),
                        alert.robot().id(), alert.robot().name(), alert.robot().siteId(),
                        sites.get(alert.robot().siteId()).name(), alert.severity(), alert.message(),
                        alert.timestamp())).toList());
    }

    private static <T> Map<Long, T> byId(List<T> rows, Function<T, Long> idOf) {
        return rows.stream().collect(Collectors.toMap(idOf, Function.identity()));
    }
}
