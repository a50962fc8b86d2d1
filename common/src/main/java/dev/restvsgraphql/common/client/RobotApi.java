package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.Telemetry;

/** MicroProfile Rest Client view of the robot service's REST API. */
@Path("/api/v1/robots")
@Produces(MediaType.APPLICATION_JSON)
public interface RobotApi {

    @GET
    CompletionStage<List<Robot>> robotsOfSite(@QueryParam("siteId") long siteId);

    @GET
    @Path("/{id}/telemetry")
    CompletionStage<Telemetry> telemetry(@PathParam("id") long robotId);

    @GET
    @Path("/telemetry")
    CompletionStage<List<Telemetry>> telemetryOf(@QueryParam("ids") String robotIds);
}
