package dev.restvsgraphql.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.restvsgraphql.common.testing.ServiceUnderTest;
import dev.restvsgraphql.common.testing.ServiceUnderTest.Reply;

/**
 * Runs against the robot service alone on a real Liberty server started by the Maven build; the
 * user and site services are not running, which is how downstream failures are tested.
 */
class RobotServiceIT {

    private final ServiceUnderTest service = new ServiceUnderTest();

    @Test
    void servesRobotsTheirSitesAndTelemetry() {
        assertEquals(200, service.get("/api/v1/robots").array().size());
        JsonArray siteTwo = service.get("/api/v1/robots?siteId=2").array();
        assertEquals(40, siteTwo.size());
        assertTrue(siteTwo.stream().allMatch(robot -> robot.asJsonObject().getInt("siteId") == 2));
        assertEquals("RB-0007", service.get("/api/v1/robots/7").object().getString("name"));
        assertEquals(7, service.get("/api/v1/robots/7/telemetry").object().getInt("robotId"));
        assertEquals(3, service.get("/api/v1/robots/telemetry?ids=1,2,3").array().size());
    }

    @Test
    void batchTelemetryCostsOneRepositoryCall() {
        long before = service.repositoryCalls("telemetry");
        service.get("/api/v1/robots/telemetry?ids=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20");
        assertEquals(1, service.repositoryCalls("telemetry") - before);
    }

    @Test
    void answersBadInputWithJsonErrors() {
        assertError(service.get("/api/v1/robots/x1"), 400);
        assertError(service.get("/api/v1/robots/201"), 404);
        assertError(service.get("/api/v1/robots/201/details"), 404);
        assertError(service.get("/api/v1/robots/201/telemetry"), 404);
        assertError(service.get("/api/v1/robots?siteId=1&ids=1"), 400);
        assertError(service.get("/api/v1/robots/telemetry"), 400);
    }

    @Test
    void crossServiceEndpointsFailFastWhenTheOthersAreDown() {
        for (String path : new String[] { "/api/v1/robots/7/details", "/api/v1/monitoring/overview" }) {
            Reply reply = service.get(path);
            assertError(reply, 502);
            assertTrue(reply.elapsed().compareTo(Duration.ofSeconds(3)) < 0, path + " took " + reply.elapsed());
        }
        assertEquals(200, service.get("/api/v1/robots/7").status(), "local endpoints keep working");
    }

    @Test
    void resolvesRobotFieldsOverGraphQL() {
        JsonObject robot = data(service.graphql("query($id: ID!) { robot(id: $id) { name operator { id } site { id } telemetry { cpu } } }",
                Json.createObjectBuilder().add("id", "7").build())).getJsonObject("robot");
        assertEquals("RB-0007", robot.getString("name"));
        assertEquals("1", robot.getJsonObject("site").getString("id"));
        assertTrue(robot.getJsonObject("telemetry").getJsonNumber("cpu").doubleValue() > 0);
    }

    @Test
    void batchesTelemetryAcrossAllRobotsOfAResponse() {
        long before = service.repositoryCalls("telemetry");
        JsonArray robots = data(service.graphql("{ robots { id telemetry { cpu } } }", null)).getJsonArray("robots");
        assertEquals(200, robots.size());
        assertEquals(1, service.repositoryCalls("telemetry") - before, "one telemetry call for 200 robots");
    }

    @Test
    void contributesRobotsToSiteEntitiesInBatches() {
        long robotsBefore = service.repositoryCalls("robots");
        long telemetryBefore = service.repositoryCalls("telemetry");
        var representations = Json.createArrayBuilder();
        for (int site = 1; site <= 5; site++) {
            representations.add(Json.createObjectBuilder().add("__typename", "Site").add("id", String.valueOf(site)));
        }
        JsonArray sites = data(service.graphql("query($r: [_Any!]!) { _entities(representations: $r) "
                + "{ ... on Site { id robots { id operator { id } telemetry { cpu } } } } }",
                Json.createObjectBuilder().add("r", representations).build())).getJsonArray("_entities");
        assertEquals(5, sites.size());
        sites.forEach(site -> assertEquals(40, site.asJsonObject().getJsonArray("robots").size()));
        assertEquals(1, service.repositoryCalls("robots") - robotsBefore, "one robots call for 5 sites");
        assertEquals(1, service.repositoryCalls("telemetry") - telemetryBefore, "one telemetry call for 200 robots");
    }

    @Test
    void aggregatesTheMonitoringOverview() {
        JsonObject overview = data(service.graphql("{ monitoringOverview { siteStats { site { id } robotCount "
                + "statusCounts { status count } averageBattery averageCpu } topOperators { operator { id } robotCount "
                + "alertCount } recentAlerts { id severity message timestamp robot { name site { id } } } } }", null))
                .getJsonObject("monitoringOverview");
        assertEquals(5, overview.getJsonArray("siteStats").size());
        overview.getJsonArray("siteStats").forEach(stats -> assertEquals(40, stats.asJsonObject().getInt("robotCount")));
        assertEquals(5, overview.getJsonArray("topOperators").size());
        assertEquals(10, overview.getJsonArray("recentAlerts").size());
    }

    private static JsonObject data(Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        assertTrue(!reply.object().containsKey("errors"), reply.body());
        return reply.object().getJsonObject("data");
    }

    private static void assertError(Reply reply, int status) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.isJson(), reply.contentType());
        assertEquals(status, reply.object().getInt("status"));
    }
}
