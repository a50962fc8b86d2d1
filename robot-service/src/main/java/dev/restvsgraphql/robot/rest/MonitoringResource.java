package dev.restvsgraphql.robot.rest;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;


/** {@code /api/v1/monitoring}: fleet-wide aggregation (API-4). */
@Path("/monitoring")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class MonitoringResource {

    @Inject
    MonitoringOverviewService overviews;

    @GET
    @Path("/overview")
    @Operation(summary = "API-4: per-site statistics, top operators and recent alerts")
    public CompletionStage<MonitoringOverview> overview() {
        return overviews.overview();
    }
}
