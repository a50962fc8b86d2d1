package dev.restvsgraphql.site.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.restvsgraphql.common.client.RobotServiceClient;
import dev.restvsgraphql.common.client.UserServiceClient;
import dev.restvsgraphql.common.data.Batches;
import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.common.model.User;
import dev.restvsgraphql.common.rest.Lookups;
import dev.restvsgraphql.site.data.SiteRepository;
import dev.restvsgraphql.site.rest.SiteDashboard.RobotPanel;

/**
 * Assembles API-3 over REST. Both forms first read the site, then ask the robot service for the
 * site's robots. The naive form then calls the user service and the robot service once per
 * robot, one call after the other (about 80 calls for 40 robots); the batched form makes one
 * batch call to each, in parallel.
 */
@ApplicationScoped
public class DashboardService {

    @Inject
    SiteRepository sites;

    @Inject
    RobotServiceClient robotService;

    @Inject
    UserServiceClient userService;

    public CompletionStage<SiteDashboard> dashboard(long siteId, DashboardMode mode) {
        return Lookups.byId(sites, "Site", siteId)
                .thenCompose(site -> robotService.robotsOfSite(siteId)
                        .thenCompose(robots -> mode == DashboardMode.NAIVE ? oneByOne(robots) : batched(robots))
                        .thenApply(panels -> new SiteDashboard(site, panels)));
    }

    private CompletionStage<List<RobotPanel>> oneByOne(List<Robot> robots) {
        CompletionStage<List<RobotPanel>> panels = CompletableFuture.completedFuture(new ArrayList<>());
        for (Robot robot : robots) {
            panels = panels.thenCompose(done -> userService.user(robot.operatorId())
                    .thenCompose(operator -> robotService.telemetry(robot.id())
                            .thenApply(telemetry -> {
                                done.add(panel(robot, operator, telemetry));
                                return done;
                            })));
        }
        return panels;
    }

    private CompletionStage<List<RobotPanel>> batched(List<Robot> robots) {
        List<Long> operatorIds = robots.stream().map(Robot::operatorId).distinct().toList();
        List<Long> robotIds = robots.stream().map(Robot::id).toList();
        CompletionStage<List<User>> operators = userService.users(operatorIds);
        CompletionStage<List<Telemetry>> readings = robotService.telemetryOf(robotIds);
        return operators.thenCombine(readings, (users, telemetry) -> {
            List<User> operatorOfRobot = Batches.inOrder(robots.stream().map(Robot::operatorId).toList(), users, User::id);
            List<Telemetry> telemetryOfRobot = Batches.inOrder(robotIds, telemetry, Telemetry::robotId);
            List<RobotPanel> panels = new ArrayList<>();
            for (int i = 0; i < robots.size(); i++) {
                panels.add(panel(robots.get(i), operatorOfRobot.get(i), telemetryOfRobot.get(i)));
            }
            return panels;
        });
    }

    private static RobotPanel panel(Robot robot, User operator, Telemetry telemetry) {
        return new RobotPanel(robot.id(), robot.name(), robot.model(), robot.status(), operator, telemetry);
    }
}
