package dev.restvsgraphql.common.rest;

import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.BadRequestException;

/**
 * Parses ids from paths and query strings. Ids arrive as strings so that a malformed id is a
 * 400 with a message rather than JAX-RS's default 404 for an unconvertible path parameter.
 */
public final class Ids {

    private Ids() {
    }

    public static long parse(String raw) {
        try {
            long id = Long.parseLong(raw.trim());
            if (id < 1) {
                throw new BadRequestException("Id must be a positive integer, got '" + raw + "'");
            }
            return id;
        } catch (NumberFormatException e) {
            throw new BadRequestException("Id must be a positive integer, got '" + raw + "'");
        }
    }

    /** Parses a comma-separated list such as {@code 1,2,3}, refusing more than {@code limit} ids. */
    public static List<Long> parseList(String csv, int limit) {
        if (csv == null || csv.isBlank()) {
            throw new BadRequestException("Query parameter 'ids' must list at least one id, e.g. ids=1,2,3");
        }
        List<String> parts = Arrays.asList(csv.split(","));
        if (parts.size() > limit) {
            throw new BadRequestException("Too many ids: " + parts.size() + " given, at most " + limit + " allowed");
        }
        return parts.stream().map(Ids::parse).toList();
    }

    /** The inverse of {@link #parseList}, for outgoing batch calls. */
    public static String join(List<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
