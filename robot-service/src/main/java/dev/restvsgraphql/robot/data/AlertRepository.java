package dev.restvsgraphql.robot.data;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.restvsgraphql.common.data.JsonDataset;
import dev.restvsgraphql.common.data.LoadedData;
import dev.restvsgraphql.common.data.SimulatedDatabase;
import dev.restvsgraphql.common.data.Table;
import dev.restvsgraphql.common.model.Alert;

/** Alerts derived from the latest telemetry, loaded from {@code data/alerts.json}. */
@ApplicationScoped
public class AlertRepository implements LoadedData {

    @Inject
    SimulatedDatabase database;

    private Table<Alert> alerts;

    @PostConstruct
    void load() {
        alerts = new Table<>("alerts", JsonDataset.load("data/alerts.json", Alert.class), Alert::id, database);
    }

    public CompletionStage<List<Alert>> findAll() {
        return alerts.findAll();
    }

    @Override
    public String dataSetName() {
        return "alerts";
    }

    @Override
    public int recordCount() {
        return alerts.size();
    }
}
