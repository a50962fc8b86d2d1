package dev.restvsgraphql.robot.rest;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.restvsgraphql.common.model.Robot;
import dev.restvsgraphql.common.model.Telemetry;
import dev.restvsgraphql.common.rest.Ids;
import dev.restvsgraphql.common.rest.Lookups;
import dev.restvsgraphql.robot.data.RobotRepository;
import dev.restvsgraphql.robot.data.TelemetryRepository;

/** {@code /api/v1/robots}: robots (all, of a site, or by ids), their telemetry, and API-2 details. */
@Path("/robots")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class RobotResource {

    @Inject
    RobotRepository robots;

    @Inject
    TelemetryRepository telemetry;

    @Inject
    RobotDetailsService details;

    @Inject
    @ConfigProperty(name = "batch.max.ids")
    int maxBatchIds;

    @GET
    @Operation(summary = "All robots, the robots of one site (siteId), or a batch by ids")
    public CompletionStage<List<Robot>> list(@QueryParam("siteId") String siteId, @QueryParam("ids") String ids) {
        if (siteId != null && ids != null) {
            throw new BadRequestException("Give either siteId or ids, not both");
        }
        if (siteId != null) {
            return robots.findBySites(List.of(Ids.parse(siteId)));
        }
        return Lookups.allOrByIds(robots, ids, maxBatchIds);
    }

    @GET
    @Path("/{id}")
    public CompletionStage<Robot> get(@PathParam("id") String id) {
        return Lookups.byId(robots, "Robot", Ids.parse(id));
    }

    @GET
    @Path("/{id}/telemetry")
    public CompletionStage<Telemetry> telemetry(@PathParam("id") String id) {
        long robotId = Ids.parse(id);
        return telemetry.findById(robotId).thenApply(reading -> reading
                .orElseThrow(() -> new NotFoundException("No telemetry for robot " + robotId)));
    }

    @GET
    @Path("/telemetry")
    @Operation(summary = "Latest telemetry of many robots in one call")
    public CompletionStage<List<Telemetry>> telemetryOf(@QueryParam("ids") String ids) {
        return telemetry.findByIds(Ids.parseList(ids, maxBatchIds));
    }

    @GET
    @Path("/{id}/details")
    @Operation(summary = "API-2: the robot with its operator and site, fetched sequentially")
    public CompletionStage<RobotDetails> details(@PathParam("id") String id) {
        return details.details(Ids.parse(id));
    }
}
