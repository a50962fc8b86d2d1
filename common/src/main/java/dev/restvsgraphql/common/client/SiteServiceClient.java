package dev.restvsgraphql.common.client;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.metrics.annotation.Counted;

import dev.restvsgraphql.common.model.Site;
import dev.restvsgraphql.common.rest.Ids;

/** Calls the site service. Policy: 2 s timeout, circuit opens at 50 % failures of 20 calls for 5 s. */
@ApplicationScoped
public class SiteServiceClient extends ServiceClient<SiteApi> {

    public SiteServiceClient() {
        super("site-service", SiteApi.class);
    }

    @Asynchronous
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=site-service", "operation=site" })
    public CompletionStage<Site> site(long id) {
        return call(api -> api.site(id));
    }

    @Asynchronous
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
    @Counted(name = "outgoing.calls", absolute = true, tags = { "target=site-service", "operation=sites" })
    public CompletionStage<List<Site>> sites(List<Long> ids) {
        return call(api -> api.sites(Ids.join(ids)));
    }
}
