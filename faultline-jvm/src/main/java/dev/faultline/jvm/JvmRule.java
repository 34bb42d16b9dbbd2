package dev.faultline.jvm;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule to add to a JVM's agent, built from one fault factory and optional selectors and limits:
 *
 * <pre>{@code
 * JvmRule.latency(Duration.ofMillis(100), Duration.ZERO).on("com.acme.Inventory", "reserve").probability(0.5)
 * }</pre>
 *
 * Immutable; each method returns a new rule. The agent checks it against the loaded classes.
 */
public final class JvmRule {
  private final Map<String, String> fields;

  private JvmRule(Map<String, String> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  private static JvmRule of(String kind) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("kind", kind);
    return new JvmRule(f);
  }

  private JvmRule with(String key, Object value) {
    Map<String, String> f = new LinkedHashMap<>(fields);
    if (value == null) {
      f.remove(key);
    } else {
      f.put(key, String.valueOf(value));
    }
    return new JvmRule(f);
  }

  /** Throw {@code exceptionType} (with {@code message}, or none when null). */
  public static JvmRule throwing(String exceptionType, String message) {
    return of("throw").with("exception", exceptionType).with("message", message);
  }

  /** Sleep {@code fixed} plus up to {@code jitter} (uniform) before the method runs. */
  public static JvmRule latency(Duration fixed, Duration jitter) {
    return of("latency").with("latencyMs", fixed.toMillis()).with("jitterMs", jitter.isZero() ? null : jitter.toMillis());
  }

  /** Return {@code value} (text of a primitive, a string, or {@code null}) without running the method. */
  public static JvmRule returning(String value) {
    return of("return").with("value", value);
  }

  /** End the JVM with {@code exitCode}; {@code halt} skips shutdown hooks. Now, or on a selected call. */
  public static JvmRule kill(int exitCode, boolean halt) {
    return of("kill").with("exitCode", exitCode).with("halt", halt ? "true" : null);
  }

  /** Shift the JVM's wall clock by {@code offset} (negative: into the past). */
  public static JvmRule clockSkew(Duration offset) {
    return of("clock-skew").with("skewMs", offset.toMillis());
  }

  /** Hold {@code megabytes} of heap. */
  public static JvmRule memory(long megabytes) {
    return of("memory").with("memoryMb", megabytes);
  }

  /** Keep {@code threads} threads busy. */
  public static JvmRule cpu(int threads) {
    return of("cpu").with("cpuThreads", threads);
  }

  /** Select method {@code method} of class {@code className} (exact name, or a glob with * and **). */
  public JvmRule on(String className, String method) {
    return with("class", className).with("method", method);
  }

  /** Select implementations (subclasses) of the named class or interface rather than the class itself. */
  public JvmRule implementations(boolean yes) {
    return with("implementations", yes ? "true" : null);
  }

  /** Only methods with exactly these parameter types ({@code int}, {@code java.lang.String}, or simple names). */
  public JvmRule params(List<String> types) {
    return with("params", types == null ? null : String.join(",", types));
  }

  /** Select the fault point {@code FaultPoint.check(name)} instead of a method. */
  public JvmRule point(String name) {
    return with("point", name);
  }

  /** Fire on this share of calls, 0 to 1 (default 1). */
  public JvmRule probability(Double p) {
    return with("probability", p);
  }

  /** Fire at most this many times. */
  public JvmRule maxHits(Long n) {
    return with("maxHits", n);
  }

  /** Revert by itself after {@code length}, counted from when the agent has installed it. */
  public JvmRule length(Duration length) {
    return with("lengthMs", length == null ? null : Math.max(1, length.toMillis()));
  }

  /**
   * Revert by itself when {@code lease} passes without a {@link JvmAgentClient#renew renewal}
   * (a dead man's switch for the process that added it).
   */
  public JvmRule lease(Duration lease) {
    return with("leaseMs", lease == null ? null : lease.toMillis());
  }

  /** Allow a selection of more than 50 loaded classes. */
  public JvmRule allowBroad(boolean yes) {
    return with("allowBroad", yes ? "true" : null);
  }

  /** Allow a selection that matches no loaded class yet (instrumented when it loads). */
  public JvmRule allowUnloaded(boolean yes) {
    return with("allowUnloaded", yes ? "true" : null);
  }

  /** The fault kind: throw, latency, return, kill, clock-skew, memory or cpu. */
  public String kind() {
    return fields.get("kind");
  }

  /** The wire fields (docs/jvm-agent.md). */
  public Map<String, String> fields() {
    return fields;
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
