package dev.restvsgraphql.user.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The user service's REST API lives under {@code /api/v1}. */
@ApplicationPath("/api/v1")
public class UserRestApplication extends Application {
}
