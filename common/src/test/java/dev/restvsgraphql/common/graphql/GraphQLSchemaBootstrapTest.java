package dev.restvsgraphql.common.graphql;

import static graphql.Scalars.GraphQLString;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;

class GraphQLSchemaBootstrapTest {

    @Test
    void servesTheSchemaWithTheDefaultFieldVisibilityAndEveryField() {
        GraphQLObjectType query = GraphQLObjectType.newObject().name("Query")
                .field(GraphQLFieldDefinition.newFieldDefinition().name("robot").type(GraphQLString))
                .build();
        GraphQLSchema asSmallRyeBuildsIt = GraphQLSchema.newSchema().query(query)
                .codeRegistry(GraphQLCodeRegistry.newCodeRegistry()
                        .fieldVisibility(BlockedFields.newBlock().addPattern("default").build()).build())
                .build();

        GraphQLSchema served = GraphQLSchemaBootstrap.withDefaultFieldVisibility(asSmallRyeBuildsIt);

        assertSame(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY, served.getCodeRegistry().getFieldVisibility());
        assertNotNull(served.getCodeRegistry().getFieldVisibility().getFieldDefinition(served.getQueryType(), "robot"));
    }
}
