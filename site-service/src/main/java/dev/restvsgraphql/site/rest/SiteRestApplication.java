package dev.restvsgraphql.site.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The site service's REST API lives under {@code /api/v1}. */
@ApplicationPath("/api/v1")
public class SiteRestApplication extends Application {
}
