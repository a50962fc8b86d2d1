package dev.restvsgraphql.site.rest;

import java.util.List;

import dev.restvsgraphql.common.model.RobotStatus;
import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.common.model.User;

/** API-3: a site with each of its robots, the robot's operator and its latest telemetry. */
public record SiteDashboard(Site site, List<RobotPanel> robots) {

    /** One robot on the dashboard. */
    public record RobotPanel(long id, String name, String model, RobotStatus status, User operator,
            Telemetry telemetry) {
    }
}
