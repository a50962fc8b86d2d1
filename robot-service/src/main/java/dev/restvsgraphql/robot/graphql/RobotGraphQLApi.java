package dev.restvsgraphql.robot.graphql;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import dev.restvsgraphql.common.data.Batches;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.robot.data.RobotRepository;
import dev.restvsgraphql.robot.data.TelemetryRepository;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;

/**
 * The robot subgraph: owns {@code Robot} and its telemetry, refers to {@code User} and
 * {@code Site} by key. Every list-shaped field is batched: one repository call per field per
 * request, however many robots the query reaches.
 */
@GraphQLApi
@ApplicationScoped
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = { @Import(name = "@key") })
public class RobotGraphQLApi {

    @Inject
    RobotRepository robots;

    @Inject
    TelemetryRepository telemetry;

    @Query
    @Description("One robot, or null when the id is unknown")
    public CompletionStage<Robot> robot(@Id long id) {
        return robots.findById(id).thenApply(robot -> robot.orElse(null));
    }

    @Query
    @Description("All robots")
    public CompletionStage<List<Robot>> robots() {
        return robots.findAll();
    }

    @Description("The robot's operator (resolved by the user subgraph)")
    public UserReference operator(@Source Robot robot) {
        return new UserReference(robot.operatorId());
    }

    @Description("The robot's site (resolved by the site subgraph)")
    public SiteReference site(@Source Robot robot) {
        return new SiteReference(robot.siteId());
    }

    @Description("Latest telemetry, fetched for all robots of the response in one call")
    public CompletionStage<List<Telemetry>> telemetry(@Source List<Robot> robotsInResponse) {
        List<Long> ids = robotsInResponse.stream().map(Robot::id).toList();
        return telemetry.findByIds(ids).thenApply(found -> Batches.inOrder(ids, found, Telemetry::robotId));
    }

    @Description("The robots of the given sites, fetched for all sites of the response in one call")
    public CompletionStage<List<List<Robot>>> robots(@Source List<SiteReference> sites) {
        List<Long> siteIds = sites.stream().map(SiteReference::id).toList();
        return robots.findBySites(siteIds).thenApply(found -> sites.stream()
                .map(site -> found.stream().filter(robot -> robot.siteId() == site.id()).toList()).toList());
    }

    @Resolver
    @Description("Resolves all Robot representations of one _entities call with one repository call")
    public CompletionStage<List<Robot>> resolveRobots(List<String> id) {
        List<Long> ids = Batches.ids(id);
        return robots.findByIds(ids).thenApply(found -> Batches.inOrder(ids, found, Robot::id));
    }

    @Resolver
    @Description("Site keys need no lookup here: this subgraph only adds robots to a site")
    public List<SiteReference> resolveSites(List<String> id) {
        return Batches.ids(id).stream().map(SiteReference::new).toList();
    }

    @Resolver
    @Description("User keys need no lookup here: the user subgraph owns every user field")
    public List<UserReference> resolveUsers(List<String> id) {
        return Batches.ids(id).stream().map(UserReference::new).toList();
    }
}
