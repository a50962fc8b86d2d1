package dev.restvsgraphql.robot.rest;

import dev.restvsgraphql.common.model.RobotStatus;
import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.common.model.User;

/** API-2: a robot with its operator and its site. */
public record RobotDetails(long id, String name, String model, RobotStatus status, String firmware,
        String installedAt, User operator, Site site) {
}
