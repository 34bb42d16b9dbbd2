package dev.faultline.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One JSON line per change made through the API (who, what, when): an extension, since
 * Toxiproxy only logs. Keys: time, action, proxy, toxic, attributes, remote.
 */
final class AuditLog {

    private final Consumer<String> sink;
    private final Clock clock;

    AuditLog(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * @param toxic      null for proxy-level actions
     * @param attributes the toxic or proxy as now configured; null when removed
     */
    void record(String action, String proxy, String toxic, JsonNode attributes, String remoteAddress) {
        record(action, proxy, toxic, attributes, remoteAddress, null);
    }

    /**
     * As above, with why the proxy made the change by itself (e.g. {@code "lease expired"}), added
     * as a last {@code reason} key; changes made through the API have none and carry no such key.
     */
    void record(String action, String proxy, String toxic, JsonNode attributes, String remoteAddress, String reason) {
        ObjectNode line = JsonBodies.MAPPER.createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("action", action);
        line.put("proxy", proxy);
        line.put("toxic", toxic);
        line.set("attributes", attributes);
        line.put("remote", remoteAddress);
        if (reason != null) {
            line.put("reason", reason);
        }
        try {
            sink.accept(line.toString());
        } catch (RuntimeException e) {
            // An audit sink failing must never fail the API call that was already applied.
        }
    }
}
