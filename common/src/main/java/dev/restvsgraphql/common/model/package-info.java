/**
 * The shared domain contract: immutable records that the owning service loads from its JSON,
 * serves over REST and GraphQL, and that the other services receive through their Rest Clients.
 */
package dev.restvsgraphql.common.model;
