/** Everything only the GraphQL architecture uses: the user subgraph. */
package dev.restvsgraphql.user.graphql;
