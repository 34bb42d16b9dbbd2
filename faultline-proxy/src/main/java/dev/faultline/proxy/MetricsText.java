package dev.faultline.proxy;

import dev.faultline.proxy.toxic.Direction;
import java.util.List;

/**
 * Renders the proxies' counters in the Prometheus text exposition format (version 0.0.4).
 * Hand-written: a handful of counters does not justify a metrics library in the data path.
 */
final class MetricsText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsText() {
    }

    static String render(List<ProxyInstance> proxies, ProxyRegistry.LeaseStats leases) {
        StringBuilder out = new StringBuilder(1024);
        header(out, "faultline_proxy_leases_active", "gauge",
                "Leases and hard expiries held by proxies and toxics (a disabled proxy's disable lease included).");
        out.append("faultline_proxy_leases_active ").append(leases.active()).append('\n');
        header(out, "faultline_proxy_expirations_total", "counter",
                "Proxies and toxics removed, and disabled proxies enabled again (kind disable), because their lease or expiry passed.");
        sample(out, "faultline_proxy_expirations_total", "kind=\"toxic\"", leases.expiredToxics());
        sample(out, "faultline_proxy_expirations_total", "kind=\"proxy\"", leases.expiredProxies());
        sample(out, "faultline_proxy_expirations_total", "kind=\"disable\"", leases.expiredDisables());
        header(out, "faultline_proxy_connections_active", "gauge", "Proxied connections open now.");
        proxies.forEach(p -> sample(out, "faultline_proxy_connections_active", labels(p), p.metrics().activeConnections()));
        header(out, "faultline_proxy_connections_total", "counter", "Proxied connections accepted.");
        proxies.forEach(p -> sample(out, "faultline_proxy_connections_total", labels(p), p.metrics().totalConnections()));
        header(out, "faultline_proxy_received_bytes_total", "counter", "Bytes read from the source socket, per direction.");
        for (ProxyInstance p : proxies) {
            for (Direction d : Direction.values()) {
                sample(out, "faultline_proxy_received_bytes_total", labels(p) + ",direction=\"" + d.wireName() + "\"",
                        p.metrics().counters(d).receivedBytes());
            }
        }
        header(out, "faultline_proxy_sent_bytes_total", "counter", "Bytes written to the target socket, per direction.");
        for (ProxyInstance p : proxies) {
            for (Direction d : Direction.values()) {
                sample(out, "faultline_proxy_sent_bytes_total", labels(p) + ",direction=\"" + d.wireName() + "\"",
                        p.metrics().counters(d).sentBytes());
            }
        }
        header(out, "faultline_proxy_spliced_bytes_total", "counter",
                "Bytes relayed socket to socket with splice(2) (no toxic on the link), per direction.");
        for (ProxyInstance p : proxies) {
            for (Direction d : Direction.values()) {
                sample(out, "faultline_proxy_spliced_bytes_total", labels(p) + ",direction=\"" + d.wireName() + "\"",
                        p.metrics().counters(d).splicedBytes());
            }
        }
        header(out, "faultline_proxy_toxic_activations_total", "counter",
                "Times a toxic started on a link and its toxicity draw hit.");
        for (ProxyInstance p : proxies) {
            p.metrics().activations().forEach((key, count) -> sample(out, "faultline_proxy_toxic_activations_total",
                    labels(p) + ",toxic=\"" + escape(key.toxic()) + "\",type=\"" + key.type()
                            + "\",direction=\"" + key.direction() + "\"", count.sum()));
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    private static String labels(ProxyInstance proxy) {
        return "proxy=\"" + escape(proxy.name()) + "\"";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
