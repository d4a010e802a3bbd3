package org.estuary.enrollment.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * Test only, deployed by {@link ChannelBindingIT}: a JAX-RS application beside EST's, under the EST
 * label {@code binding-probe} so that Bouncy Castle's EST client can reach it. Not part of the product.
 */
@ApplicationPath("/.well-known/est/" + ChannelBindingProbe.LABEL)
public class ChannelBindingProbe extends Application {

    static final String LABEL = "binding-probe";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ChannelBindingProbeResource.class, EstExceptionMapper.class);
    }
}
