package dev.restvsgraphql.site.graphql;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Query;

import dev.restvsgraphql.common.data.Batches;
import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.site.data.SiteRepository;
import io.smallrye.graphql.api.federation.Resolver;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;

/** The site subgraph: owns the {@code Site} entity (its robots come from the robot subgraph). */
@GraphQLApi
@ApplicationScoped
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = { @Import(name = "@key") })
public class SiteGraphQLApi {

    @Inject
    SiteRepository sites;

    @Query
    @Description("All sites")
    public CompletionStage<List<Site>> sites() {
        return sites.findAll();
    }

    @Query
    @Description("One site, or null when the id is unknown")
    public CompletionStage<Site> site(@Id long id) {
        return sites.findById(id).thenApply(site -> site.orElse(null));
    }

    @Resolver
    @Description("Resolves all Site representations of one _entities call with one repository call")
    public CompletionStage<List<Site>> resolveSites(List<String> id) {
        List<Long> ids = Batches.ids(id);
        return sites.findByIds(ids).thenApply(found -> Batches.inOrder(ids, found, Site::id));
    }
}
