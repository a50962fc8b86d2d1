/** Everything only the GraphQL architecture uses: the robot subgraph and its entity references. */
package dev.restvsgraphql.robot.graphql;
