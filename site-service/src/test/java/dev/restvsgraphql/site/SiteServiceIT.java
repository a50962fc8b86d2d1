package dev.restvsgraphql.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import dev.restvsgraphql.common.testing.ServiceUnderTest;
import dev.restvsgraphql.common.testing.ServiceUnderTest.Reply;

/**
 * Runs against the site service alone on a real Liberty server started by the Maven build. The
 * robot and user services are not running here, which is how the downstream failure is tested.
 */
class SiteServiceIT {

    private final ServiceUnderTest service = new ServiceUnderTest();

    @Test
    void listsSitesAndFindsThemById() {
        assertEquals(5, service.get("/api/v1/sites").array().size());
        assertEquals("Busan Port Terminal", service.get("/api/v1/sites/2").object().getString("name"));
        assertEquals(2, service.get("/api/v1/sites?ids=5,4").array().size());
    }

    @Test
    void answersBadInputWithJsonErrors() {
        assertError(service.get("/api/v1/sites/two"), 400);
        assertError(service.get("/api/v1/sites/6"), 404);
        assertError(service.get("/api/v1/sites/6/dashboard"), 404);
        assertError(service.get("/api/v1/sites/1/dashboard?mode=sideways"), 400);
    }

    @Test
    void dashboardFailsFastWithA502WhenTheRobotServiceIsDown() {
        for (String mode : new String[] { "naive", "batched" }) {
            Reply reply = service.get("/api/v1/sites/1/dashboard?mode=" + mode);
            assertError(reply, 502);
            assertTrue(reply.object().getString("message").contains("robot-service"), reply.body());
            assertTrue(reply.elapsed().compareTo(Duration.ofSeconds(3)) < 0, "took " + reply.elapsed());
        }
        assertEquals(200, service.get("/api/v1/sites/1").status(), "other endpoints keep working");
    }

    @Test
    void servesSitesOverGraphQL() {
        Reply all = service.graphql("{ sites { id name city } }", null);
        assertEquals(5, all.object().getJsonObject("data").getJsonArray("sites").size());
        Reply one = service.graphql("query($id: ID!) { site(id: $id) { name } }",
                Json.createObjectBuilder().add("id", "3").build());
        assertEquals("Incheon Airport Cargo",
                one.object().getJsonObject("data").getJsonObject("site").getString("name"));
    }

    @Test
    void resolvesSiteEntitiesWithOneRepositoryCall() {
        long before = service.repositoryCalls("sites");
        Reply reply = service.graphql("query($r: [_Any!]!) { _entities(representations: $r) { ... on Site { id name } } }",
                Json.createObjectBuilder().add("r", Json.createArrayBuilder().add(site("5")).add(site("1"))
                        .add(site("42"))).build());
        var entities = reply.object().getJsonObject("data").getJsonArray("_entities");
        assertEquals("5", entities.getJsonObject(0).getString("id"));
        assertEquals("1", entities.getJsonObject(1).getString("id"));
        assertEquals(JsonValue.NULL, entities.get(2));
        assertEquals(1, service.repositoryCalls("sites") - before);
    }

    private static JsonObject site(String id) {
        return Json.createObjectBuilder().add("__typename", "Site").add("id", id).build();
    }

    private static void assertError(Reply reply, int status) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.isJson(), reply.contentType());
        assertEquals(status, reply.object().getInt("status"));
    }
}
