package dev.restvsgraphql.site.data;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.restvsgraphql.common.data.JsonDataset;
import dev.restvsgraphql.common.data.LoadedData;
import dev.restvsgraphql.common.data.SimulatedDatabase;
import dev.restvsgraphql.common.data.Table;
import dev.restvsgraphql.common.model.Site;

/** The 5 sites, loaded from {@code data/sites.json}. */
@ApplicationScoped
public class SiteRepository implements LoadedData {

    @Inject
    SimulatedDatabase database;

    private Table<Site> sites;

    @PostConstruct
    void load() {
        sites = new Table<>("sites", JsonDataset.load("data/sites.json", Site.class), Site::id, database);
    }

    public CompletionStage<List<Site>> findAll() {
        return sites.findAll();
    }

    public CompletionStage<Optional<Site>> findById(long id) {
        return sites.findById(id);
    }

    public CompletionStage<List<Site>> findByIds(Collection<Long> ids) {
        return sites.findByIds(ids);
    }

    @Override
    public String dataSetName() {
        return "sites";
    }

    @Override
    public int recordCount() {
        return sites.size();
    }
}
