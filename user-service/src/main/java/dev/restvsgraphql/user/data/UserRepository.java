package dev.restvsgraphql.user.data;

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
import dev.restvsgraphql.common.model.User;

/** The 100 operators, loaded from {@code data/users.json}. */
@ApplicationScoped
public class UserRepository implements LoadedData {

    @Inject
    SimulatedDatabase database;

    private Table<User> users;

    @PostConstruct
    void load() {
        users = new Table<>("users", JsonDataset.load("data/users.json", User.class), User::id, database);
    }

    public CompletionStage<List<User>> findAll() {
        return users.findAll();
    }

    public CompletionStage<Optional<User>> findById(long id) {
        return users.findById(id);
    }

    public CompletionStage<List<User>> findByIds(Collection<Long> ids) {
        return users.findByIds(ids);
    }

    @Override
    public String dataSetName() {
        return "users";
    }

    @Override
    public int recordCount() {
        return users.size();
    }
}
