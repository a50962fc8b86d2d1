package dev.restvsgraphql.robot.rest;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.restvsgraphql.common.client.SiteServiceClient;
import dev.restvsgraphql.common.client.UserServiceClient;
import dev.restvsgraphql.common.rest.Lookups;
import dev.restvsgraphql.robot.data.RobotRepository;

/**
 * API-2 over REST, deliberately sequential as in SPEC section 4: the robot, then its operator
 * from the user service, then its site from the site service (3 latencies on the critical path).
 */
@ApplicationScoped
public class RobotDetailsService {

    @Inject
    RobotRepository robots;

    @Inject
    UserServiceClient userService;

    @Inject
    SiteServiceClient siteService;

    public CompletionStage<RobotDetails> details(long robotId) {
        return Lookups.byId(robots, "Robot", robotId)
                .thenCompose(robot -> userService.user(robot.operatorId())
                        .thenCompose(operator -> siteService.site(robot.siteId())
                                .thenApply(site -> new RobotDetails(robot.id(), robot.name(), robot.model(),
                                        robot.status(), robot.firmware(), robot.installedAt(), operator, site))));
    }
}
