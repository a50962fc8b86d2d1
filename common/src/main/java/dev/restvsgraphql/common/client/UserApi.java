package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.restvsgraphql.common.model.User;

/** MicroProfile Rest Client view of the user service's REST API. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public interface UserApi {

    @GET
    @Path("/{id}")
    CompletionStage<User> user(@PathParam("id") long id);

    @GET
    CompletionStage<List<User>> users(@QueryParam("ids") String ids);
}
