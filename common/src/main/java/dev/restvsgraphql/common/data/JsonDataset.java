package dev.restvsgraphql.common.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.util.List;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Reads the JSON data file a service ships on its class path. */
public final class JsonDataset {

    private JsonDataset() {
    }

    /**
     * @param resource class path location, for example {@code data/users.json}
     * @param type the record type of each element of the JSON array
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> load(String resource, Class<T> type) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream json = loader.getResourceAsStream(resource); Jsonb jsonb = JsonbBuilder.create()) {
            if (json == null) {
                throw new IllegalStateException("Data file not found on the class path: " + resource);
            }
            T[] records = (T[]) jsonb.fromJson(json, Array.newInstance(type, 0).getClass());
            return List.of(records);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot parse " + resource + " as " + type.getSimpleName(), e);
        }
    }
}
