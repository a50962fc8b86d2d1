package dev.restvsgraphql.site.data;

import jakarta.enterprise.context.ApplicationScoped;

import dev.restvsgraphql.common.data.JsonRepository;
import dev.restvsgraphql.common.model.Site;

/** The 5 sites, loaded from {@code data/sites.json}. */
@ApplicationScoped
public class SiteRepository extends JsonRepository<Site> {

    public SiteRepository() {
        super("sites", Site.class, Site::id);
    }
}
