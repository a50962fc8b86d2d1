/** Everything only the REST architecture uses: the JAX-RS resources under {@code /api/v1}. */
package dev.restvsgraphql.user.rest;
