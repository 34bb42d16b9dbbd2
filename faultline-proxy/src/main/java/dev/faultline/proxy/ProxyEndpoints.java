package dev.faultline.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /proxies}, {@code /proxies/{proxy}}, {@code /populate}, {@code /reset}. */
final class ProxyEndpoints {

    private final ProxyRegistry registry;
    private final AuditLog audit;

    ProxyEndpoints(ProxyRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    ApiResponse index() {
        ObjectNode all = JsonBodies.MAPPER.createObjectNode();
        registry.all().forEach(proxy -> all.set(proxy.name(), JsonViews.proxy(proxy)));
        return ApiResponse.json(200, all.toString());
    }

    ApiResponse show(String name) throws ApiException {
        return ApiResponse.json(200, JsonViews.proxy(registry.get(name)).toString());
    }

    ApiResponse create(ApiRequest request) throws ApiException {
        LeaseTerms terms = LeaseTerms.fromHeaders(request.header());
        JsonNode body = JsonBodies.object(JsonBodies.parse(request.body()), "toxiproxy.Proxy");
        ProxyDefinition definition = definition(body);
        if (definition.name().isEmpty()) {
            throw ApiException.missingField("name");
        }
        if (definition.upstream().isEmpty()) {
            throw ApiException.missingField("upstream");
        }
        ProxyInstance proxy = registry.create(definition, terms);
        audit.record("proxy.create", proxy.name(), null, JsonViews.proxy(proxy), request.remoteAddress());
        return ApiResponse.json(201, JsonViews.proxy(proxy).toString());
    }

    /**
     * Stock update; with {@code Faultline-Lease-Ms} / {@code Faultline-Expires-In-Ms} (extension)
     * an update that disables the proxy also gives it a disable lease, after which it is enabled again.
     */
    ApiResponse update(String name, ApiRequest request) throws ApiException {
        registry.get(name);
        LeaseTerms disableTerms = LeaseTerms.fromHeaders(request.header());
        JsonNode body = JsonBodies.object(JsonBodies.parse(request.body()), "toxiproxy.Proxy");
        Optional<Boolean> enabled = JsonBodies.bool(body, "enabled", "Proxy");
        if (!disableTerms.isEmpty() && !enabled.equals(Optional.of(false))) {
            throw new ApiException(400, LeaseTerms.LEASE_HEADER + " and " + LeaseTerms.EXPIRES_HEADER
                    + " on a proxy update only apply to disabling it: send them with {\"enabled\": false} in the body"
                    + " (this update " + (enabled.isPresent() ? "sets \"enabled\": true" : "does not set \"enabled\"")
                    + "), or leave them out");
        }
        ProxyInstance proxy = registry.update(name,
                JsonBodies.string(body, "listen", "Proxy"),
                JsonBodies.string(body, "upstream", "Proxy"),
                enabled, disableTerms);
        audit.record("proxy.update", name, null, JsonViews.proxy(proxy), request.remoteAddress());
        return ApiResponse.json(200, JsonViews.proxy(proxy).toString());
    }

    ApiResponse delete(String name, ApiRequest request) throws ApiException {
        registry.delete(name);
        audit.record("proxy.delete", name, null, null, request.remoteAddress());
        return ApiResponse.empty(204);
    }

    ApiResponse reset(ApiRequest request) throws ApiException {
        registry.reset();
        audit.record("reset", null, null, null, request.remoteAddress());
        return ApiResponse.empty(204);
    }

    /**
     * {@code POST /populate}: 201 {@code {"proxies":[...]}}; on failure Toxiproxy answers with
     * JSON (not text/plain), no trailing newline, and the proxies created so far.
     */
    ApiResponse populate(ApiRequest request) throws ApiException {
        List<ProxyDefinition> definitions = populateInput(request.body());
        try {
            List<ProxyInstance> created = registry.populate(definitions);
            audit.record("populate", null, null, proxiesNode(created), request.remoteAddress());
            ObjectNode body = JsonBodies.MAPPER.createObjectNode();
            body.set("proxies", proxiesNode(created));
            return ApiResponse.json(201, body.toString());
        } catch (PopulateException e) {
            ObjectNode body = JsonBodies.MAPPER.createObjectNode();
            body.put("error", e.getMessage());
            body.put("status", e.apiError().status());
            body.set("proxies", proxiesNode(e.createdSoFar()));
            return new ApiResponse(e.apiError().status(), ApiResponse.JSON,
                    body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    /** Parses a populate body or config file: a JSON array of proxy definitions. */
    static List<ProxyDefinition> populateInput(String text) throws ApiException {
        JsonNode array = JsonBodies.parse(text);
        if (!array.isArray()) {
            throw ApiException.badRequestBody(
                    "json: cannot unmarshal " + (array.isObject() ? "object" : "value") + " into Go value of type []toxiproxy.Proxy");
        }
        List<ProxyDefinition> definitions = new ArrayList<>();
        for (JsonNode entry : array) {
            definitions.add(definition(JsonBodies.object(entry, "toxiproxy.Proxy")));
        }
        return definitions;
    }

    private static ProxyDefinition definition(JsonNode body) throws ApiException {
        return new ProxyDefinition(
                JsonBodies.string(body, "name", "Proxy").orElse(""),
                JsonBodies.string(body, "listen", "Proxy").orElse(""),
                JsonBodies.string(body, "upstream", "Proxy").orElse(""),
                JsonBodies.bool(body, "enabled", "Proxy"));
    }

    private static JsonNode proxiesNode(List<ProxyInstance> proxies) {
        if (proxies == null || proxies.isEmpty()) {
            return JsonBodies.MAPPER.nullNode();
        }
        ArrayNode array = JsonBodies.MAPPER.createArrayNode();
        proxies.forEach(p -> array.add(JsonViews.proxy(p)));
        return array;
    }

}
