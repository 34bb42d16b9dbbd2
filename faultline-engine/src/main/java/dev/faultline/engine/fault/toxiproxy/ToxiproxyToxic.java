package dev.faultline.engine.fault.toxiproxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic as Toxiproxy's API reads and shows it.
 *
 * @param name unique within its proxy, across both streams
 * @param type {@code latency}, {@code bandwidth}, {@code slow_close}, {@code timeout},
 *     {@code reset_peer}, {@code slicer} or {@code limit_data}
 * @param stream {@code upstream} (client to server) or {@code downstream} (server to client)
 * @param toxicity the share of connections it applies to, 0 to 1
 * @param attributes the type's attributes with Toxiproxy's names and units ({@code latency} in
 *     ms, {@code rate} in KB/s, {@code delay} of slicer in µs…)
 */
public record ToxiproxyToxic(String name, String type, String stream, double toxicity, Map<String, Object> attributes) {
  public ToxiproxyToxic {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** The JSON object {@code POST /proxies/{proxy}/toxics} takes. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("type", type);
    json.put("stream", stream);
    json.put("toxicity", toxicity);
    json.put("attributes", attributes);
    return json;
  }
}
