package dev.faultline.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.proxy.toxic.Direction;
import dev.faultline.proxy.toxic.LatencyToxic;
import dev.faultline.proxy.toxic.ToxicAttributes;
import dev.faultline.proxy.toxic.ToxicSpec;
import dev.faultline.proxy.toxic.ToxicType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /proxies/{proxy}/toxics[/{toxic}]}: Toxiproxy's ToxicIndex/Create/Show/Update/Delete. */
final class ToxicEndpoints {

    /** Largest attribute accepted: milliseconds that still fit in a signed 64-bit nanosecond count. */
    static final long MAX_ATTRIBUTE = Long.MAX_VALUE / 1_000_000L;

    private final ProxyRegistry registry;
    private final AuditLog audit;

    ToxicEndpoints(ProxyRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    ApiResponse index(String proxy) throws ApiException {
        return ApiResponse.json(200, JsonViews.toxics(registry.get(proxy).toxics()).toString());
    }

    ApiResponse show(String proxy, String toxic) throws ApiException {
        return ApiResponse.json(200, JsonViews.toxic(registry.toxic(proxy, toxic)).toString());
    }

    ApiResponse create(String proxyName, ApiRequest request) throws ApiException {
        ProxyInstance proxy = registry.get(proxyName);
        LeaseTerms terms = LeaseTerms.fromHeaders(request.header());
        JsonNode body = JsonBodies.object(JsonBodies.parse(request.body()), "toxics.ToxicWrapper");
        Optional<String> name = JsonBodies.string(body, "name", "ToxicWrapper");
        Optional<String> typeName = JsonBodies.string(body, "type", "ToxicWrapper");
        String stream = JsonBodies.string(body, "stream", "ToxicWrapper").orElse("downstream");
        float toxicity = JsonBodies.float32(body, "toxicity", "ToxicWrapper").orElse(1f);
        Direction direction = Direction.parse(stream).orElseThrow(
                () -> new ApiException(400, "stream was invalid, can be either upstream or downstream"));
        String toxicName = name.filter(n -> !n.isEmpty()).orElse(typeName.orElse("") + "_" + stream);
        ToxicType type = typeName.flatMap(ToxicType::byWireName)
                .orElseThrow(() -> new ApiException(400, "invalid toxic type"));
        if (proxy.toxic(toxicName).isPresent()) {
            throw ApiException.toxicExists();
        }
        ToxicAttributes attributes = ToxicAttributes.zeros(type).with(attributes(body, type));
        checkToxicity(toxicity);
        ToxicSpec spec = registry.addToxic(proxyName, new ToxicSpec(toxicName, type, stream, direction, toxicity, attributes), terms);
        audit.record("toxic.create", proxyName, toxicName, JsonViews.toxic(spec), request.remoteAddress());
        return ApiResponse.json(200, JsonViews.toxic(spec).toString());
    }

    ApiResponse update(String proxyName, String toxicName, ApiRequest request) throws ApiException {
        ToxicSpec current = registry.toxic(proxyName, toxicName);
        JsonNode body = JsonBodies.object(JsonBodies.parse(request.body()), "toxics.ToxicWrapper");
        float toxicity = JsonBodies.float32(body, "toxicity", "ToxicWrapper").orElse(current.toxicity());
        ToxicAttributes attributes = current.attributes().with(attributes(body, current.type()));
        checkToxicity(toxicity);
        ToxicSpec updated = current.updated(attributes, toxicity);
        registry.updateToxic(proxyName, updated);
        audit.record("toxic.update", proxyName, toxicName, JsonViews.toxic(updated), request.remoteAddress());
        return ApiResponse.json(200, JsonViews.toxic(updated).toString());
    }

    ApiResponse delete(String proxyName, String toxicName, ApiRequest request) throws ApiException {
        ToxicSpec removed = registry.removeToxic(proxyName, toxicName);
        audit.record("toxic.delete", proxyName, toxicName, JsonViews.toxic(removed), request.remoteAddress());
        return ApiResponse.empty(204);
    }

    /** Reads the type's attributes present in the body; others are ignored, as Go's decoder does. */
    private static Map<String, Long> attributes(JsonNode body, ToxicType type) throws ApiException {
        Map<String, Long> values = new LinkedHashMap<>();
        JsonNode node = body.get("attributes");
        if (node == null || node.isNull()) {
            return values;
        }
        JsonBodies.object(node, "toxics." + type.goStructName());
        for (String attribute : type.attributeNames()) {
            Optional<Long> value = JsonBodies.int64(node, attribute, type.goStructName() + ".attributes." + attribute);
            if (value.isPresent()) {
                long v = value.get();
                long max = maxAttribute(type);
                // Extension: Toxiproxy accepts negative values and misbehaves; say what is allowed.
                if (v < 0 || v > max) {
                    throw new ApiException(400, "invalid attribute " + attribute + " for toxic type " + type.wireName()
                            + ": " + v + " (expected 0 to " + max + ")");
                }
                values.put(attribute, v);
            }
        }
        return values;
    }

    /** Latency and jitter stop at ~73 years so that latency + jitter and due times never overflow. */
    static long maxAttribute(ToxicType type) {
        return type == ToxicType.LATENCY ? LatencyToxic.MAX_DELAY_MS : MAX_ATTRIBUTE;
    }

    private static void checkToxicity(float toxicity) throws ApiException {
        if (!(toxicity >= 0f && toxicity <= 1f)) {
            throw new ApiException(400, "invalid toxicity: " + toxicity + " (expected 0 to 1)");
        }
    }
}
