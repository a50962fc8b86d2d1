/**
 * The fleet overview of API-4 (per-site statistics, top operators, recent alerts), computed the
 * same way for both architectures: REST adds names in {@code rest}, GraphQL leaves them to the router.
 */
package dev.restvsgraphql.robot.fleet;
