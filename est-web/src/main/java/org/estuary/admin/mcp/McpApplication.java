package org.estuary.admin.mcp;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** JAX-RS at {@code /mcp}: the MCP server (Streamable HTTP transport). */
@ApplicationPath("/mcp")
public class McpApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(McpResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.response.setStatusOverSendError", true);
    }
}
