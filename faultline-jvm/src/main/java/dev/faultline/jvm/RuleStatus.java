package dev.faultline.jvm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rule as the agent reports it.
 *
 * @param id the rule id ({@code clear} takes it)
 * @param kind throw, latency, return, kill, clock-skew, memory or cpu
 * @param target what it selects ({@code com.acme.Greeter.greet}, {@code point checkout}, {@code jvm})
 * @param effect what it does, in words
 * @param state active, exhausted (max hits reached) or expired (length over)
 * @param hits how many calls it has hit
 * @param instrumentedClasses how many classes carry its instrumentation
 * @param fields every field the agent sent, for {@code --json}
 */
public record RuleStatus(int id, String kind, String target, String effect, String state, long hits,
    int instrumentedClasses, Map<String, String> fields) {

  static RuleStatus of(Map<String, String> f) {
    return new RuleStatus(Integer.parseInt(f.getOrDefault("id", "0")), f.getOrDefault("kind", ""),
        f.getOrDefault("target", ""), f.getOrDefault("effect", ""), f.getOrDefault("state", ""),
        Long.parseLong(f.getOrDefault("hits", "0")), Integer.parseInt(f.getOrDefault("classes", "0")),
        Collections.unmodifiableMap(new LinkedHashMap<>(f)));
  }
}
