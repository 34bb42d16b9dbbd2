package dev.faultline.jvm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One rule as the agent reports it.
 *
 * @param id the rule id ({@code clear} takes it)
 * @param kind throw, latency, return, kill, clock-skew, memory or cpu
 * @param target what it selects ({@code com.acme.Greeter.greet}, {@code point checkout}, {@code jvm})
 * @param effect what it does, in words
 * @param state active or exhausted (max hits reached); expired rules are removed
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

  /** Milliseconds until the agent removes the rule by itself, or empty when it never does (until cleared). */
  public OptionalLong expiresInMs() {
    String v = fields.get("expiresInMs");
    return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
  }

  /** When the rule expires, in words: {@code in 12.3 s (lease)}, {@code in 30 s (length)} or {@code never}. */
  public String expiry() {
    OptionalLong ms = expiresInMs();
    if (ms.isEmpty()) {
      return "never";
    }
    return String.format(java.util.Locale.ROOT, "in %.1f s (%s)", ms.getAsLong() / 1000.0,
        fields.getOrDefault("expiresBy", "length"));
  }

  /** How many classes a clock skew left unchanged because they could not be rewritten (0 for most rules). */
  public int skippedClasses() {
    return Integer.parseInt(fields.getOrDefault("skipped", "0"));
  }
}
