package dev.faultline.core.target;

import java.util.Map;

/**
 * Something a fault can be aimed at: a host, a process, a JVM, a proxy, a pod.
 *
 * @param id unique id within its kind (host name, pid, proxy name…)
 * @param kind what it is: {@code host}, {@code process}, {@code jvm}, {@code proxy}, …
 * @param tags labels used for selection (service, zone, role…)
 */
public record Target(String id, String kind, Map<String, String> tags) {
  public Target {
    tags = Map.copyOf(tags);
  }
}
