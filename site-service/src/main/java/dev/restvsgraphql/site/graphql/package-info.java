/** Everything only the GraphQL architecture uses: the site subgraph. */
package dev.restvsgraphql.site.graphql;
