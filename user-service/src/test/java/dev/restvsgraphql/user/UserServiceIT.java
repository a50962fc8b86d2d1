package dev.restvsgraphql.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import dev.restvsgraphql.common.testing.ServiceUnderTest;
import dev.restvsgraphql.common.testing.ServiceUnderTest.Reply;

/** Runs against the user service on a real Liberty server started by the Maven build. */
class UserServiceIT {

    private final ServiceUnderTest service = new ServiceUnderTest();

    @Test
    void listsAllOperators() {
        Reply reply = service.get("/api/v1/users");
        assertEquals(200, reply.status());
        assertEquals(100, reply.array().size());
        JsonObject first = reply.array().getJsonObject(0);
        assertEquals(1, first.getInt("id"));
        assertFalse(first.getString("name").isBlank());
        assertTrue(first.getString("email").contains("@"));
    }

    @Test
    void findsOneAndABatch() {
        assertEquals(5, service.get("/api/v1/users/5").object().getInt("id"));
        Reply batch = service.get("/api/v1/users?ids=3,1,2");
        assertEquals(200, batch.status());
        assertEquals(3, batch.array().size());
        assertEquals(3, batch.array().getJsonObject(0).getInt("id"));
    }

    @Test
    void answersBadInputWithJsonErrors() {
        assertJsonError(service.get("/api/v1/users/abc"), 400, "positive integer");
        assertJsonError(service.get("/api/v1/users/999"), 404, "User 999 not found");
        String tooMany = IntStream.rangeClosed(1, 201).mapToObj(String::valueOf).collect(Collectors.joining(","));
        assertJsonError(service.get("/api/v1/users?ids=" + tooMany), 400, "Too many ids");
        assertJsonError(service.get("/api/v1/users?ids=1,x"), 400, "positive integer");
        assertJsonError(service.get("/api/v1/no-such-resource"), 404, "");
    }

    @Test
    void batchLookupCostsOneRepositoryCall() {
        long before = service.repositoryCalls("users");
        service.get("/api/v1/users?ids=1,2,3,4,5,6,7,8,9,10");
        assertEquals(1, service.repositoryCalls("users") - before);
    }

    @Test
    void servesTheUsersQuery() {
        Reply reply = service.graphql("{ users { id name email role } }", null);
        assertEquals(200, reply.status());
        assertEquals(100, reply.object().getJsonObject("data").getJsonArray("users").size());
        JsonValue unknown = service.graphql("query($id: ID!) { user(id: $id) { name } }",
                Json.createObjectBuilder().add("id", "999").build()).object().getJsonObject("data").get("user");
        assertEquals(JsonValue.NULL, unknown);
    }

    @Test
    void isAFederationTwoSubgraph() {
        String sdl = service.graphql("{ _service { sdl } }", null).object().getJsonObject("data")
                .getJsonObject("_service").getString("sdl");
        assertTrue(sdl.contains("https://specs.apollo.dev/federation/v2.7"), sdl);
        assertTrue(sdl.contains("type User @key(fields : \"id\")"), sdl);
    }

    @Test
    void resolvesEntitiesInOrderWithOneRepositoryCall() {
        long before = service.repositoryCalls("users");
        Reply reply = service.graphql("query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }",
                Json.createObjectBuilder().add("r", Json.createArrayBuilder()
                        .add(user("7")).add(user("3")).add(user("999")).add(user("7"))).build());
        var entities = reply.object().getJsonObject("data").getJsonArray("_entities");
        assertEquals("7", entities.getJsonObject(0).getString("id"));
        assertEquals("3", entities.getJsonObject(1).getString("id"));
        assertEquals(JsonValue.NULL, entities.get(2));
        assertEquals(entities.get(0), entities.get(3));
        assertEquals(1, service.repositoryCalls("users") - before);
    }

    @Test
    void answersMalformedGraphQLWithErrors() {
        Reply notJson = service.post("/graphql", "application/json", "{ this is not json");
        assertEquals(400, notJson.status());
        assertTrue(notJson.isJson());
        assertFalse(notJson.object().getJsonArray("errors").isEmpty());

        Reply syntax = service.graphql("{ users { id ", null);
        assertFalse(syntax.object().getJsonArray("errors").isEmpty(), syntax.body());

        Reply unknownField = service.graphql("{ users { shoeSize } }", null);
        assertTrue(unknownField.body().contains("shoeSize"), unknownField.body());
        assertFalse(unknownField.object().getJsonArray("errors").isEmpty());

        Reply oversized = service.post("/graphql", "application/json",
                "{\"query\":\"{ users { id } }\",\"padding\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, oversized.status());
        assertTrue(oversized.isJson());
    }

    @Test
    void reportsReadinessWithTheLatencyInForce() {
        Reply ready = service.get("/health/ready");
        assertEquals(200, ready.status());
        assertTrue(ready.body().contains("\"simulatedLatencyMs\":10"), ready.body());
        assertTrue(ready.body().contains("\"users\":100"), ready.body());
    }

    private static JsonObject user(String id) {
        return Json.createObjectBuilder().add("__typename", "User").add("id", id).build();
    }

    private static void assertJsonError(Reply reply, int status, String messagePart) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.isJson(), "not JSON: " + reply.contentType() + " " + reply.body());
        assertEquals(status, reply.object().getInt("status"));
        assertTrue(reply.object().getString("message").contains(messagePart), reply.body());
    }
}
