package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.restvsgraphql.common.model.Site;

/** MicroProfile Rest Client view of the site service's REST API. */
@Path("/api/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
public interface SiteApi {

    @GET
    @Path("/{id}")
    CompletionStage<Site> site(@PathParam("id") long id);

    @GET
    CompletionStage<List<Site>> sites(@QueryParam("ids") String ids);
}
