package dev.faultline.jvmagent;

import dev.faultline.jvmagent.wire.WireRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An {@code add} request read from the wire, with every field checked for form (not yet against
 * the loaded classes; {@link RuleBook} does that). Field names are the wire keys, listed in
 * docs/jvm-agent.md.
 */
final class RuleRequest {
  static final List<String> KINDS = List.of("throw", "latency", "return", "kill", "clock-skew", "memory", "cpu");
  private static final Set<String> KEYS = new HashSet<>(Arrays.asList("token", "verb", "kind", "class",
      "implementations", "method", "params", "point", "exception", "message", "latencyMs", "jitterMs", "value",
      "exitCode", "halt", "skewMs", "memoryMb", "cpuThreads", "probability", "maxHits", "lengthMs", "leaseMs",
      "timeoutMs", "allowBroad", "allowUnloaded"));
  /**
   * The longest latency plus jitter a rule may add. Longer reads as a hang rather than a slow call,
   * and an unbounded one would let a typo ({@code 10h} for {@code 10s}) hold threads for days.
   */
  static final long MAX_LATENCY_MS = 3_600_000;
  /** The longest length a rule may have: 366 days. Longer is a typo, or means "until cleared" (no length). */
  static final long MAX_LENGTH_MS = 366L * 86_400_000;
  /** Leases: at least 2 s (renewals must cross a busy machine in time), at most a day. */
  static final long MIN_LEASE_MS = 2_000;
  static final long MAX_LEASE_MS = 86_400_000;
  /** The furthest a clock may be skewed: 100 years either way. */
  static final long MAX_SKEW_MS = 36_525L * 86_400_000;
  /** The longest a client may give an add before it gives up: 1 hour. */
  static final long MAX_TIMEOUT_MS = 3_600_000;

  final String kind;
  final String className;
  final boolean implementations;
  final String method;
  final List<String> params;
  final String point;
  final String exception;
  final String message;
  final long latencyMs;
  final long jitterMs;
  final String value;
  final int exitCode;
  final boolean halt;
  final long skewMs;
  final long memoryMb;
  final int cpuThreads;
  final double probability;
  final long maxHits;
  final long lengthMs;
  /** 0 for none. */
  final long leaseMs;
  /** How long after the request arrived the client gives up on it; 0 for no deadline. */
  final long timeoutMs;
  final boolean allowBroad;
  final boolean allowUnloaded;

  private RuleRequest(WireRecord r) throws RuleRefusedException {
    for (String key : r.fields().keySet()) {
      if (!KEYS.contains(key)) {
        throw new RuleRefusedException("unknown rule field '" + abbreviate(key) + "'");
      }
    }
    kind = r.get("kind", "");
    if (!KINDS.contains(kind)) {
      throw new RuleRefusedException("unknown fault kind '" + abbreviate(kind) + "'; expected one of " + String.join(", ", KINDS));
    }
    className = r.get("class");
    implementations = bool(r, "implementations");
    method = r.get("method");
    String p = r.get("params");
    params = p == null ? null : splitParams(p);
    point = r.get("point");
    exception = r.get("exception");
    message = r.get("message");
    latencyMs = number(r, "latencyMs", 0, Long.MAX_VALUE / 2, 0);
    jitterMs = number(r, "jitterMs", 0, Long.MAX_VALUE / 2, 0);
    value = r.get("value");
    exitCode = (int) number(r, "exitCode", 0, 255, 1);
    halt = bool(r, "halt");
    skewMs = number(r, "skewMs", -MAX_SKEW_MS, MAX_SKEW_MS, 0);
    memoryMb = number(r, "memoryMb", 1, 1 << 20, 1);
    cpuThreads = (int) number(r, "cpuThreads", 1, 1024, 1);
    maxHits = number(r, "maxHits", 1, Long.MAX_VALUE, Long.MAX_VALUE);
    lengthMs = number(r, "lengthMs", 1, MAX_LENGTH_MS, 0);
    leaseMs = number(r, "leaseMs", MIN_LEASE_MS, MAX_LEASE_MS, 0);
    timeoutMs = number(r, "timeoutMs", 1, MAX_TIMEOUT_MS, 0);
    allowBroad = bool(r, "allowBroad");
    allowUnloaded = bool(r, "allowUnloaded");
    String prob = r.get("probability", "1");
    try {
      probability = Double.parseDouble(prob);
    } catch (NumberFormatException e) {
      throw new RuleRefusedException("probability: '" + abbreviate(prob) + "' is not a number; expected 0 to 1");
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new RuleRefusedException("probability: " + abbreviate(prob) + " is out of range; expected 0 to 1");
    }
    checkShape(r);
  }

  static RuleRequest from(WireRecord r) throws RuleRefusedException {
    return new RuleRequest(r);
  }

  /** Whether the rule targets methods (by class and method, or a fault point). */
  boolean targetsCode() {
    return className != null || point != null;
  }

  private void checkShape(WireRecord r) throws RuleRefusedException {
    boolean methodLevel = kind.equals("throw") || kind.equals("latency") || kind.equals("return");
    boolean jvmWide = kind.equals("clock-skew") || kind.equals("memory") || kind.equals("cpu");
    if (point != null && (className != null || method != null)) {
      throw new RuleRefusedException("--point selects a fault point; do not combine it with --class/--method");
    }
    if (methodLevel && point == null && (className == null || method == null)) {
      throw new RuleRefusedException(kind + " needs --class CLASS and --method METHOD (or --point NAME)");
    }
    if (kind.equals("kill") && (className == null) != (method == null)) {
      throw new RuleRefusedException("kill takes both --class and --method (kill when the method is called) or neither (kill now)");
    }
    if (jvmWide && (className != null || method != null || point != null)) {
      throw new RuleRefusedException(kind + " acts on the whole JVM; --class, --method and --point do not apply");
    }
    if (jvmWide && (r.has("probability") || r.has("maxHits"))) {
      throw new RuleRefusedException(kind + " acts on the whole JVM; --probability and --max-hits do not apply");
    }
    if (kind.equals("throw") && exception == null) {
      throw new RuleRefusedException("throw needs an exception type, e.g. --throw java.lang.IllegalStateException");
    }
    if (kind.equals("return") && value == null) {
      throw new RuleRefusedException("return needs a value, e.g. --return 0, --return true, --return text, --return null");
    }
    if (kind.equals("return") && point != null) {
      throw new RuleRefusedException("a fault point returns nothing; use --throw, --latency or --kill with --point");
    }
    if (kind.equals("latency") && latencyMs + jitterMs > MAX_LATENCY_MS) {
      throw new RuleRefusedException("latency " + latencyMs + "ms" + (jitterMs > 0 ? " + up to " + jitterMs + "ms jitter" : "")
          + " is longer than the 1 hour a rule may add; choose a shorter --latency (and --jitter)");
    }
    if (kind.equals("clock-skew") && skewMs == 0) {
      throw new RuleRefusedException("clock-skew needs a non-zero offset, e.g. --clock-skew 2m or --clock-skew -30s");
    }
  }

  private static List<String> splitParams(String p) {
    if (p.isBlank()) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    for (String s : p.split(",")) {
      out.add(s.trim());
    }
    return out;
  }

  private static boolean bool(WireRecord r, String key) throws RuleRefusedException {
    String v = r.get(key, "false");
    if (!v.equals("true") && !v.equals("false")) {
      throw new RuleRefusedException(key + ": '" + abbreviate(v) + "' is not true or false");
    }
    return v.equals("true");
  }

  private static long number(WireRecord r, String key, long min, long max, long fallback) throws RuleRefusedException {
    String v = r.get(key);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      if (v.matches("-?[0-9]{1,4096}")) { // a whole number, just beyond a long
        throw new RuleRefusedException(key + ": " + abbreviate(v) + " is out of range; allowed " + min + " to " + max);
      }
      throw new RuleRefusedException(key + ": '" + abbreviate(v) + "' is not a whole number");
    }
    if (n < min || n > max) {
      throw new RuleRefusedException(key + ": " + n + " is out of range; allowed " + min + " to " + max);
    }
    return n;
  }

  /** Long values quoted in messages are cut, so a reply stays one readable line. */
  static String abbreviate(String v) {
    return v.length() <= 80 ? v : v.substring(0, 60) + "... (" + v.length() + " characters)";
  }
}
