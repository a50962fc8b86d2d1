package dev.restvsgraphql.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.restvsgraphql.common.data.LoadedData;
import dev.restvsgraphql.common.data.SimulatedDatabase;

/**
 * Ready once every repository of the service has loaded its data (asking for them loads them,
 * so the first probe also warms the data layer). Reports the simulated latency in force.
 */
@Readiness
@ApplicationScoped
public class DataReadinessCheck implements HealthCheck {

    @Inject
    @Any
    Instance<LoadedData> dataSets;

    @Inject
    SimulatedDatabase database;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("data")
                .withData("simulatedLatencyMs", database.latencyMillis());
        boolean loaded = true;
        for (LoadedData dataSet : dataSets) {
            response.withData(dataSet.dataSetName(), dataSet.recordCount());
            loaded &= dataSet.recordCount() > 0;
        }
        return response.status(loaded).build();
    }
}
