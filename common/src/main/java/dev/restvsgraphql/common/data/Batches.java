package dev.restvsgraphql.common.data;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Helpers for batch lookups, whose answers must line up with the ids asked for: a federation
 * batch resolver must return one entity (or {@code null}) per key, in the order of the keys.
 */
public final class Batches {

    private Batches() {
    }

    /** Parses the string keys of entity representations. */
    public static List<Long> ids(List<String> keys) {
        try {
            return keys.stream().map(Long::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Entity ids must be integers: " + keys, e);
        }
    }

    /** One row (or {@code null}) per id, in the order of {@code ids}; ids may repeat. */
    public static <T> List<T> inOrder(List<Long> ids, List<T> found, ToLongFunction<T> idOf) {
        Map<Long, T> byId = found.stream().collect(Collectors.toMap(idOf::applyAsLong, Function.identity()));
        return ids.stream().map(byId::get).toList();
    }
}
