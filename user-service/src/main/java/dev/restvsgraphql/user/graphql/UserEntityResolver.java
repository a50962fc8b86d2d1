package dev.restvsgraphql.user.graphql;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.GraphQLApi;

import dev.restvsgraphql.common.graphql.EntityBatch;
import dev.restvsgraphql.common.model.User;
import dev.restvsgraphql.user.data.UserRepository;
import io.smallrye.graphql.api.federation.Resolver;

/** Resolves the {@code User} representations of one {@code _entities} call with one repository call. */
@GraphQLApi
@ApplicationScoped
public class UserEntityResolver {

    @Inject
    UserRepository users;

    @Resolver
    public CompletionStage<List<User>> resolveUsers(List<String> id) {
        List<Long> ids = EntityBatch.ids(id);
        return users.findByIds(ids).thenApply(found -> EntityBatch.inOrder(ids, found, User::id));
    }
}
