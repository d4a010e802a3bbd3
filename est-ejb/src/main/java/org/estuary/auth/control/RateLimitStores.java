package org.estuary.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Chooses where the abuse limits count: {@code est.rate-limit.store=memory} (the default) in this
 * process, or {@code grid} in the cluster's data grid, so that a limit holds across every node behind
 * a load balancer ({@code server-config/prepare} sets it when {@code EST_CLUSTER_MEMBERS} is given).
 */
@ApplicationScoped
public class RateLimitStores {

    private static final Logger LOG = Logger.getLogger(RateLimitStores.class.getName());

    @Produces
    @ApplicationScoped
    RateLimitStore store() {
        Config config = ConfigProvider.getConfig();
        String kind = config.getOptionalValue("est.rate-limit.store", String.class).orElse("memory");
        switch (kind) {
            case "memory":
                return new InMemoryRateLimitStore(config.getOptionalValue("est.rate-limit.max-keys", Integer.class).orElse(50_000));
            case "grid":
                // Only here does the JCache API get loaded: servers without a data grid never touch it.
                RateLimitStore grid;
                try {
                    grid = GridRateLimitStore.open();
                } catch (LinkageError noJCache) {
                    throw new IllegalStateException("est.rate-limit.store=grid needs Payara's data grid (JCache), which this"
                            + " server does not have: use est.rate-limit.store=memory", noJCache);
                }
                LOG.info("Failed-authentication and per-principal limits are counted in the cluster's data grid");
                return grid;
            default:
                throw new IllegalStateException("est.rate-limit.store must be memory or grid, not '" + kind + "'");
        }
    }
}
