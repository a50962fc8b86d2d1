package dev.restvsgraphql.site.rest;

import java.util.Arrays;
import java.util.Locale;

import jakarta.ws.rs.BadRequestException;

/**
 * How the dashboard fetches its robots' operators and telemetry: {@code NAIVE} makes one call per
 * robot for each, in sequence (the N+1 shape); {@code BATCHED} makes one batch call for each.
 */
public enum DashboardMode {
    NAIVE, BATCHED;

    public static DashboardMode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return NAIVE;
        }
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Unknown dashboard mode '" + raw + "', expected one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
