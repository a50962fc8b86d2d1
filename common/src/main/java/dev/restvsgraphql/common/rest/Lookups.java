package dev.restvsgraphql.common.rest;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.NotFoundException;

import dev.restvsgraphql.common.data.JsonRepository;

/**
 * The two lookups the REST resources and orchestrators make alike: one record by id (a 404 when
 * there is none) and all records or a batch by ids. Each is one repository call.
 */
public final class Lookups {

    private Lookups() {
    }

    /** The record with this id, or a 404 "{@code <kind> <id> not found}" (for example "Robot 7 not found"). */
    public static <T> CompletionStage<T> byId(JsonRepository<T> repository, String kind, long id) {
        return repository.findById(id)
                .thenApply(found -> found.orElseThrow(() -> new NotFoundException(kind + " " + id + " not found")));
    }

    /** All records when {@code ids} is absent, else those of the comma-separated {@code ids} (at most {@code maxIds}). */
    public static <T> CompletionStage<List<T>> allOrByIds(JsonRepository<T> repository, String ids, int maxIds) {
        return ids == null ? repository.findAll() : repository.findByIds(Ids.parseList(ids, maxIds));
    }
}
