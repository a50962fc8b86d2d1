package dev.restvsgraphql.robot.data;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.restvsgraphql.common.data.JsonDataset;
import dev.restvsgraphql.common.data.LoadedData;
import dev.restvsgraphql.common.data.SimulatedDatabase;
import dev.restvsgraphql.common.data.Table;
import dev.restvsgraphql.common.model.Telemetry;

/** The latest telemetry reading of each robot, loaded from {@code data/telemetry.json}. */
@ApplicationScoped
public class TelemetryRepository implements LoadedData {

    @Inject
    SimulatedDatabase database;

    private Table<Telemetry> readings;

    @PostConstruct
    void load() {
        readings = new Table<>("telemetry", JsonDataset.load("data/telemetry.json", Telemetry.class),
                Telemetry::robotId, database);
    }

    public CompletionStage<List<Telemetry>> findAll() {
        return readings.findAll();
    }

    public CompletionStage<Optional<Telemetry>> findByRobotId(long robotId) {
        return readings.findById(robotId);
    }

    public CompletionStage<List<Telemetry>> findByRobotIds(Collection<Long> robotIds) {
        return readings.findByIds(robotIds);
    }

    @Override
    public String dataSetName() {
        return "telemetry";
    }

    @Override
    public int recordCount() {
        return readings.size();
    }
}
