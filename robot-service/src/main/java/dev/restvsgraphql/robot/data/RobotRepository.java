package dev.restvsgraphql.robot.data;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.restvsgraphql.common.data.JsonRepository;
import dev.restvsgraphql.common.model.Robot;

/** The 200 robots (40 per site), loaded from {@code data/robots.json}. */
@ApplicationScoped
public class RobotRepository extends JsonRepository<Robot> {

    public RobotRepository() {
        super("robots", Robot.class, Robot::id);
    }

    /** The robots of any of the given sites, in one call. */
    public CompletionStage<List<Robot>> findBySites(Collection<Long> siteIds) {
        return table().findWhere(robot -> siteIds.contains(robot.siteId()));
    }
}
