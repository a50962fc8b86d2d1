package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.annotation.Counted;

import dev.restvsgraphql.common.model.User;
import dev.restvsgraphql.common.rest.Ids;

/** Calls the user service. Policy: 2 s timeout, circuit opens at 50 % failures of 20 calls for 5 s. */
@ApplicationScoped
public class UserServiceClient extends ServiceClient<UserApi> {

    public UserServiceClient() {
        super("user-service", UserApi.class);
    }

    @Asynchronous
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=user-service", "operation=user" })
    public CompletionStage<User> user(long id) {
        return call(api -> api.user(id));
    }

    @Asynchronous
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=user-service", "operation=users" })
    public CompletionStage<List<User>> users(List<Long> ids) {
        return call(api -> api.users(Ids.join(ids)));
    }
}
