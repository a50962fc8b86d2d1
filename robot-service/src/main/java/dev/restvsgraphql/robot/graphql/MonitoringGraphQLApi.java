package dev.restvsgraphql.robot.graphql;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import dev.restvsgraphql.robot.fleet.FleetOverview;
import dev.restvsgraphql.robot.fleet.FleetOverview.OperatorStats;
import dev.restvsgraphql.robot.fleet.FleetOverview.SiteStats;
import dev.restvsgraphql.robot.fleet.FleetOverviewService;

/** API-4 in the robot subgraph; site and operator names are joined in by the router. */
@GraphQLApi
@ApplicationScoped
public class MonitoringGraphQLApi {

    @Inject
    FleetOverviewService fleet;

    @Query
    @Description("Per-site statistics, top operators and recent alerts (API-4)")
    public CompletionStage<FleetOverview> monitoringOverview() {
        return fleet.overview();
    }

    @Description("The site these statistics describe")
    public SiteReference site(@Source SiteStats stats) {
        return new SiteReference(stats.siteId());
    }

    @Description("The operator these statistics describe")
    public UserReference operator(@Source OperatorStats stats) {
        return new UserReference(stats.operatorId());
    }
}
