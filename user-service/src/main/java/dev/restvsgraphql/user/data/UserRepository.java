package dev.restvsgraphql.user.data;

import jakarta.enterprise.context.ApplicationScoped;

import dev.restvsgraphql.common.data.JsonRepository;
import dev.restvsgraphql.common.model.User;

/** The 100 operators, loaded from {@code data/users.json}. */
@ApplicationScoped
public class UserRepository extends JsonRepository<User> {

    public UserRepository() {
        super("users", User.class, User::id);
    }
}
