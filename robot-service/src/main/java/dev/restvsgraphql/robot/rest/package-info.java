/**
 * Everything only the REST architecture uses: the JAX-RS resources under {@code /api/v1} and the
 * orchestrators behind API-2 ({@link dev.restvsgraphql.robot.rest.RobotDetailsService}) and API-4
 * ({@link dev.restvsgraphql.robot.rest.MonitoringOverviewService}), which call the other services.
 */
package dev.restvsgraphql.robot.rest;
