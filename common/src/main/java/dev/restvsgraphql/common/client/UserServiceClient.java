package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.annotation.Counted;

import dev.restvsgraphql.common.client.DownstreamCalls.Service;
import dev.restvsgraphql.common.model.User;
import dev.restvsgraphql.common.rest.Ids;

/**
 * Calls the user service. Policy, for every method (each has a circuit of its own): 2 s timeout,
 * circuit opens at 50 % failures of 20 calls for 5 s. Being class-level, it is overridden per class
 * ({@code dev.restvsgraphql.common.client.UserServiceClient/Timeout/value}); every method must
 * return a {@code CompletionStage}.
 */
@ApplicationScoped
@Asynchronous
@Timeout(2000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
public class UserServiceClient {

    private static final Service<UserApi> USER_SERVICE = new Service<>("user-service", UserApi.class);

    @Inject
    DownstreamCalls downstream;

    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=user-service", "operation=user" })
    public CompletionStage<User> user(long id) {
        return downstream.call(USER_SERVICE, api -> api.user(id));
    }

    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=user-service", "operation=users" })
    public CompletionStage<List<User>> users(List<Long> ids) {
        return downstream.call(USER_SERVICE, api -> api.users(Ids.join(ids)));
    }
}
