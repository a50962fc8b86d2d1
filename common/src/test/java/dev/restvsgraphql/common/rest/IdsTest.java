package dev.restvsgraphql.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.ws.rs.BadRequestException;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void parsesPositiveIntegers() {
        assertEquals(42L, Ids.parse("42"));
        assertEquals(7L, Ids.parse(" 7 "));
    }

    @Test
    void refusesMalformedIds() {
        for (String bad : List.of("abc", "", "1.5", "0", "-3", "99999999999999999999")) {
            BadRequestException error = assertThrows(BadRequestException.class, () -> Ids.parse(bad), bad);
            assertTrue(error.getMessage().contains("positive integer"), error.getMessage());
        }
    }

    @Test
    void parsesListsUpToTheLimit() {
        assertEquals(List.of(1L, 2L, 3L), Ids.parseList("1,2,3", 3));
        BadRequestException tooMany = assertThrows(BadRequestException.class, () -> Ids.parseList("1,2,3,4", 3));
        assertTrue(tooMany.getMessage().contains("at most 3"), tooMany.getMessage());
        assertThrows(BadRequestException.class, () -> Ids.parseList("", 3));
        assertThrows(BadRequestException.class, () -> Ids.parseList("1,x", 3));
    }

    @Test
    void joinsForOutgoingCalls() {
        assertEquals("4,5,6", Ids.join(List.of(4L, 5L, 6L)));
    }
}
