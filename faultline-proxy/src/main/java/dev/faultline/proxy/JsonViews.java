package dev.faultline.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.proxy.toxic.ToxicSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/** Renders proxies and toxics with Toxiproxy's key names and key order. */
final class JsonViews {

    private JsonViews() {
    }

    /** {@code {"attributes":{..all..},"name","type","stream","toxicity"}}. */
    static ObjectNode toxic(ToxicSpec spec) {
        ObjectNode node = JsonBodies.MAPPER.createObjectNode();
        ObjectNode attributes = node.putObject("attributes");
        spec.attributes().values().forEach(attributes::put);
        node.put("name", spec.name());
        node.put("type", spec.type().wireName());
        node.put("stream", spec.stream());
        float toxicity = spec.toxicity();
        // Go prints float32 1 as "1", not "1.0".
        if (toxicity == Math.rint(toxicity)) {
            node.put("toxicity", (long) toxicity);
        } else {
            node.put("toxicity", toxicity);
        }
        return node;
    }

    static ArrayNode toxics(Collection<ToxicSpec> specs) {
        ArrayNode array = JsonBodies.MAPPER.createArrayNode();
        specs.forEach(spec -> array.add(toxic(spec)));
        return array;
    }

    /** {@code {"name","listen","upstream","enabled","toxics":[...]}}. */
    static ObjectNode proxy(ProxyInstance proxy) {
        ObjectNode node = JsonBodies.MAPPER.createObjectNode();
        node.put("name", proxy.name());
        node.put("listen", proxy.listen());
        node.put("upstream", proxy.upstream());
        node.put("enabled", proxy.enabled());
        node.set("toxics", toxics(proxy.toxics()));
        return node;
    }

    /**
     * {@code {"proxy","toxic","lease_ms","expires_at","hard_expires_at","action"}}: {@code toxic} null
     * for a proxy's lease, {@code lease_ms} null when there is only a hard expiry, {@code expires_at}
     * when the object goes (or the proxy is enabled) if nothing renews it, {@code action}
     * {@code "delete"} or {@code "enable"} (a disable lease).
     */
    static ObjectNode lease(Lease lease, long nowNanos, Instant now) {
        ObjectNode node = JsonBodies.MAPPER.createObjectNode();
        node.put("proxy", lease.proxy());
        node.put("toxic", lease.toxic());
        if (lease.leaseMs().isPresent()) {
            node.put("lease_ms", lease.leaseMs().getAsLong());
        } else {
            node.putNull("lease_ms");
        }
        node.put("expires_at", at(lease.deadlineNanos(), nowNanos, now));
        node.put("hard_expires_at", lease.hardDeadlineNanos().isPresent()
                ? at(lease.hardDeadlineNanos().getAsLong(), nowNanos, now) : null);
        node.put("action", lease.action().wireName());
        return node;
    }

    private static String at(long deadlineNanos, long nowNanos, Instant now) {
        return now.plusNanos(deadlineNanos - nowNanos).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
