package dev.restvsgraphql.common.graphql;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Helpers for federation batch resolvers: the router sends the keys of many representations at
 * once, and the answer must list one entity (or {@code null}) per key, in the same order.
 */
public final class EntityBatch {

    private EntityBatch() {
    }

    public static List<Long> ids(List<String> keys) {
        try {
            return keys.stream().map(Long::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Entity ids must be integers: " + keys, e);
        }
    }

    public static <T> List<T> inOrder(List<Long> ids, List<T> found, ToLongFunction<T> idOf) {
        Map<Long, T> byId = found.stream().collect(Collectors.toMap(idOf::applyAsLong, Function.identity()));
        return ids.stream().map(byId::get).toList();
    }
}
