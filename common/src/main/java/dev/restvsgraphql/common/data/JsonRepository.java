package dev.restvsgraphql.common.data;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.ToLongFunction;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * A repository over one data file the service ships ({@code data/<name>.json}), loaded into a
 * {@link Table} at start. Every method is one repository call: one simulated latency.
 */
public abstract class JsonRepository<T> implements LoadedData {

    private final String name;
    private final Class<T> type;
    private final ToLongFunction<T> idOf;

    @Inject
    SimulatedDatabase database;

    private Table<T> table;

    protected JsonRepository(String name, Class<T> type, ToLongFunction<T> idOf) {
        this.name = name;
        this.type = type;
        this.idOf = idOf;
    }

    @PostConstruct
    void load() {
        table = new Table<>(name, JsonDataset.load("data/" + name + ".json", type), idOf, database);
    }

    public CompletionStage<List<T>> findAll() {
        return table.findAll();
    }

    public CompletionStage<Optional<T>> findById(long id) {
        return table.findById(id);
    }

    public CompletionStage<List<T>> findByIds(Collection<Long> ids) {
        return table.findByIds(ids);
    }

    protected Table<T> table() {
        return table;
    }

    @Override
    public String dataSetName() {
        return name;
    }

    @Override
    public int recordCount() {
        return table.size();
    }
}
