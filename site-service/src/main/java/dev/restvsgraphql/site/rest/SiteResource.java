package dev.restvsgraphql.site.rest;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.common.rest.Ids;
import dev.restvsgraphql.common.rest.Lookups;
import dev.restvsgraphql.site.data.SiteRepository;

/** {@code /api/v1/sites}: sites, one by id, a batch by ids, and a site's dashboard (API-3). */
@Path("/sites")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SiteResource {

    @Inject
    SiteRepository sites;

    @Inject
    DashboardService dashboards;

    @Inject
    @ConfigProperty(name = "batch.max.ids")
    int maxBatchIds;

    @GET
    public CompletionStage<List<Site>> list(@QueryParam("ids") String ids) {
        return Lookups.allOrByIds(sites, ids, maxBatchIds);
    }

    @GET
    @Path("/{id}")
    public CompletionStage<Site> get(@PathParam("id") String id) {
        return Lookups.byId(sites, "Site", Ids.parse(id));
    }

    @GET
    @Path("/{id}/dashboard")
    @Operation(summary = "API-3: the site's robots with operator and latest telemetry")
    public CompletionStage<SiteDashboard> dashboard(@PathParam("id") String id,
            @Parameter(description = "naive (default): one call per robot; batched: one batch call each")
            @QueryParam("mode") String mode) {
        return dashboards.dashboard(Ids.parse(id), DashboardMode.parse(mode));
    }
}
