/**
 * Everything only the REST architecture uses: the JAX-RS resources under {@code /api/v1} and the
 * orchestrator behind API-3 ({@link dev.restvsgraphql.site.rest.DashboardService}), which calls the
 * robot and user services.
 */
package dev.restvsgraphql.site.rest;
