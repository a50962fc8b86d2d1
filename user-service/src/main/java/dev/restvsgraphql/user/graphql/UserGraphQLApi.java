package dev.restvsgraphql.user.graphql;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Query;

import dev.restvsgraphql.common.data.Batches;
import dev.restvsgraphql.common.model.User;
import dev.restvsgraphql.user.data.UserRepository;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;

/** The user subgraph: owns the {@code User} entity. */
@GraphQLApi
@ApplicationScoped
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = { @Import(name = "@key") })
public class UserGraphQLApi {

    @Inject
    UserRepository users;

    @Query
    @Description("All operators (API-1)")
    public CompletionStage<List<User>> users() {
        return users.findAll();
    }

    @Query
    @Description("One operator, or null when the id is unknown")
    public CompletionStage<User> user(@Id long id) {
        return users.findById(id).thenApply(user -> user.orElse(null));
    }

    @Resolver
    @Description("Resolves all User representations of one _entities call with one repository call")
    public CompletionStage<List<User>> resolveUsers(List<String> id) {
        List<Long> ids = Batches.ids(id);
        return users.findByIds(ids).thenApply(found -> Batches.inOrder(ids, found, User::id));
    }
}
