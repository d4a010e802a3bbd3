package org.estuary.admin.mcp;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MCP server endpoint: JSON-RPC 2.0 over the Streamable HTTP transport (MCP 2025-06-18), one
 * POST per message or batch, answered with {@code application/json} (this server opens no SSE
 * streams, so GET is 405). Bearer admin API keys authenticate (viewers and admins); which tool a
 * viewer may call is {@link McpTools}' business. Methods: {@code initialize}, {@code ping},
 * {@code tools/list}, {@code tools/call}; notifications are accepted with 202.
 */
@Path("")
@RequestScoped
public class McpResource {

    static final String PROTOCOL_VERSION = "2025-06-18";
    private static final int MAX_BODY_BYTES = 256 * 1024;
    private static final int PARSE_ERROR = -32700;
    private static final int INVALID_REQUEST = -32600;
    private static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    private static final int INTERNAL_ERROR = -32603;
    private static final Logger LOG = Logger.getLogger(McpResource.class.getName());

    @Inject
    McpTools tools;

    @Context
    HttpServletRequest request;

    @GET
    public Response noStream() {
        return Response.status(405).header("Allow", "POST").type(MediaType.TEXT_PLAIN_TYPE)
                .entity("this MCP server answers POSTed JSON-RPC messages and opens no event stream\n").build();
    }

    @POST
    public Response message(InputStream body) throws IOException {
        if (!sameOrigin()) {
            return Response.status(403).type(MediaType.TEXT_PLAIN_TYPE).entity("Origin not allowed\n").build();
        }
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return Response.status(413).type(MediaType.TEXT_PLAIN_TYPE).entity("a message is at most 256 KiB\n").build();
        }
        JsonValue parsed;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
            parsed = reader.readValue();
        } catch (JsonException | IllegalStateException notJson) {
            return json(error(JsonValue.NULL, PARSE_ERROR, "not JSON"));
        }
        if (parsed instanceof JsonArray batch) {
            JsonArrayBuilder answers = Json.createArrayBuilder();
            int count = 0;
            for (JsonValue one : batch) {
                Optional<JsonObject> answer = answer(one);
                if (answer.isPresent()) {
                    answers.add(answer.get());
                    count++;
                }
            }
            return count == 0 ? Response.accepted().build() : json(answers.build());
        }
        return answer(parsed).map(McpResource::json).orElseGet(() -> Response.accepted().build());
    }

    /** The answer to one message; none for a notification (a request without an id). */
    private Optional<JsonObject> answer(JsonValue message) {
        if (!(message instanceof JsonObject call) || !"2.0".equals(call.getString("jsonrpc", ""))
                || !(call.get("method") instanceof JsonString method)) {
            JsonValue id = message instanceof JsonObject object && object.containsKey("id") ? object.get("id") : JsonValue.NULL;
            return Optional.of(error(id, INVALID_REQUEST, "not a JSON-RPC 2.0 request"));
        }
        if (!call.containsKey("id")) {
            return Optional.empty();
        }
        JsonValue id = call.get("id");
        JsonObject params = call.get("params") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        try {
            return Optional.of(switch (method.getString()) {
                case "initialize" -> result(id, initialize(params));
                case "ping" -> result(id, JsonValue.EMPTY_JSON_OBJECT);
                case "tools/list" -> result(id, Json.createObjectBuilder().add("tools", tools.list()).build());
                case "tools/call" -> result(id, tools.call(params.getString("name", ""),
                        params.get("arguments") instanceof JsonObject arguments ? arguments : JsonValue.EMPTY_JSON_OBJECT,
                        request.isUserInRole("admin"), request.getRemoteAddr()));
                default -> error(id, METHOD_NOT_FOUND, "no method " + method.getString());
            });
        } catch (McpTools.UnknownTool unknown) {
            return Optional.of(error(id, INVALID_PARAMS, unknown.getMessage()));
        } catch (RuntimeException failed) {
            LOG.log(Level.SEVERE, "MCP method " + method.getString() + " failed", failed);
            return Optional.of(error(id, INTERNAL_ERROR, "internal error"));
        }
    }

    private static JsonObject initialize(JsonObject params) {
        return Json.createObjectBuilder()
                .add("protocolVersion", PROTOCOL_VERSION)
                .add("capabilities", Json.createObjectBuilder().add("tools", Json.createObjectBuilder().add("listChanged", false)))
                .add("serverInfo", Json.createObjectBuilder().add("name", "estuary").add("version", "0.1.0"))
                .add("instructions", "EST (RFC 7030) enrollment server: list profiles and their counters, fetch CA"
                        + " certificates and CSR attributes, enroll and re-enroll PKCS#10 requests.")
                .build();
    }

    /** MCP's transport rule against DNS rebinding: a browser's Origin, when sent, must be this server's own. */
    private boolean sameOrigin() {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            return request.getServerName().equalsIgnoreCase(uri.getHost());
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    private static JsonObject result(JsonValue id, JsonObject result) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("result", result).build();
    }

    private static JsonObject error(JsonValue id, int code, String message) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message);
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("error", error).build();
    }

    private static Response json(JsonValue answer) {
        return Response.ok(answer.toString(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }
}
