package dev.restvsgraphql.robot.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The robot service's REST API lives under {@code /api/v1}. */
@ApplicationPath("/api/v1")
public class RobotRestApplication extends Application {
}
