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
import dev.restvsgraphql.common.model.Robot;

/** The 200 robots (40 per site), loaded from {@code data/robots.json}. */
@ApplicationScoped
public class RobotRepository implements LoadedData {

    @Inject
    SimulatedDatabase database;

    private Table<Robot> robots;

    @PostConstruct
    void load() {
        robots = new Table<>("robots", JsonDataset.load("data/robots.json", Robot.class), Robot::id, database);
    }

    public CompletionStage<List<Robot>> findAll() {
        return robots.findAll();
    }

    public CompletionStage<Optional<Robot>> findById(long id) {
        return robots.findById(id);
    }

    public CompletionStage<List<Robot>> findByIds(Collection<Long> ids) {
        return robots.findByIds(ids);
    }

    /** The robots of any of the given sites, in one call. */
    public CompletionStage<List<Robot>> findBySites(Collection<Long> siteIds) {
        return robots.findWhere(robot -> siteIds.contains(robot.siteId()));
    }

    @Override
    public String dataSetName() {
        return "robots";
    }

    @Override
    public int recordCount() {
        return robots.size();
    }
}
