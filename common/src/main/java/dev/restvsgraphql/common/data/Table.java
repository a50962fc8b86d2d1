package dev.restvsgraphql.common.data;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * An immutable in-memory table of records keyed by a numeric id. Every read goes through the
 * {@link SimulatedDatabase}, so each method call costs exactly one simulated latency.
 */
public final class Table<T> {

    private final String name;
    private final List<T> rows;
    private final Map<Long, T> rowsById;
    private final SimulatedDatabase database;

    public Table(String name, List<T> rows, ToLongFunction<T> idOf, SimulatedDatabase database) {
        this.name = name;
        this.rows = List.copyOf(rows);
        this.rowsById = new LinkedHashMap<>();
        rows.forEach(row -> rowsById.put(idOf.applyAsLong(row), row));
        this.database = database;
    }

    public CompletionStage<Optional<T>> findById(long id) {
        return database.query(name, () -> Optional.ofNullable(rowsById.get(id)));
    }

    public CompletionStage<List<T>> findAll() {
        return database.query(name, () -> rows);
    }

    /** One call for many ids: found rows in the order of {@code ids}, duplicates and unknown ids dropped. */
    public CompletionStage<List<T>> findByIds(Collection<Long> ids) {
        return database.query(name, () -> ids.stream().distinct().map(rowsById::get).filter(Objects::nonNull).toList());
    }

    public CompletionStage<List<T>> findWhere(Predicate<T> condition) {
        return database.query(name, () -> rows.stream().filter(condition).toList());
    }

    public int size() {
        return rows.size();
    }
}
