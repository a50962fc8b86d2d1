package dev.restvsgraphql.user.rest;

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

import dev.restvsgraphql.common.model.User;
import dev.restvsgraphql.common.rest.Ids;
import dev.restvsgraphql.common.rest.Lookups;
import dev.restvsgraphql.user.data.UserRepository;

/** {@code /api/v1/users}: all operators, one by id, or a batch by ids (API-1 is the list). */
@Path("/users")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    UserRepository users;

    @Inject
    @ConfigProperty(name = "batch.max.ids")
    int maxBatchIds;

    @GET
    public CompletionStage<List<User>> list(@QueryParam("ids") String ids) {
        return Lookups.allOrByIds(users, ids, maxBatchIds);
    }

    @GET
    @Path("/{id}")
    public CompletionStage<User> get(@PathParam("id") String id) {
        return Lookups.byId(users, "User", Ids.parse(id));
    }
}
