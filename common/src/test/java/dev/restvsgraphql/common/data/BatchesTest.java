package dev.restvsgraphql.common.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class BatchesTest {

    record Row(long id, String name) {
    }

    @Test
    void answersInTheOrderAskedWithNullForUnknownIds() {
        List<Row> found = List.of(new Row(3, "c"), new Row(1, "a"));
        List<Row> ordered = Batches.inOrder(List.of(1L, 2L, 3L, 1L), found, Row::id);
        assertEquals(Arrays.asList(new Row(1, "a"), null, new Row(3, "c"), new Row(1, "a")), ordered);
    }

    @Test
    void parsesEntityKeys() {
        assertEquals(List.of(1L, 20L), Batches.ids(List.of("1", "20")));
        assertThrows(IllegalArgumentException.class, () -> Batches.ids(List.of("x")));
    }
}
