package dev.faultline.jvmagent.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the control channel: {@code key=value} pairs separated by tabs, with backslash,
 * tab, newline and carriage return escaped in values ({@code \\ \t \n \r}). Written by hand so the
 * agent brings no JSON library into the target JVM. See docs/jvm-agent.md for the protocol.
 */
public final class WireRecord {
  private final Map<String, String> fields;

  private WireRecord(Map<String, String> fields) {
    this.fields = fields;
  }

  /** An empty record to fill with {@link #with}. */
  public static WireRecord create() {
    return new WireRecord(new LinkedHashMap<>());
  }

  /** Adds or replaces {@code key} (keys are plain words without tabs or '='). Null values are left out. */
  public WireRecord with(String key, Object value) {
    if (value != null) {
      fields.put(key, String.valueOf(value));
    }
    return this;
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return fields.get(key);
  }

  /** The value of {@code key}, or {@code fallback}. */
  public String get(String key, String fallback) {
    String v = fields.get(key);
    return v == null ? fallback : v;
  }

  public boolean has(String key) {
    return fields.containsKey(key);
  }

  /** All fields in insertion order. */
  public Map<String, String> fields() {
    return Collections.unmodifiableMap(fields);
  }

  /** This record as one line, without the line end. */
  public String encode() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (sb.length() > 0) {
        sb.append('\t');
      }
      sb.append(e.getKey()).append('=');
      escape(e.getValue(), sb);
    }
    return sb.toString();
  }

  /**
   * Reads a line written by {@link #encode()}.
   *
   * @throws IllegalArgumentException when a field has no '=' or an escape is unknown
   */
  public static WireRecord decode(String line) {
    WireRecord r = create();
    if (line.isEmpty()) {
      return r;
    }
    for (String field : line.split("\t", -1)) {
      int eq = field.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("malformed field '" + field + "': expected key=value");
      }
      r.fields.put(field.substring(0, eq), unescape(field.substring(eq + 1)));
    }
    return r;
  }

  private static void escape(String v, StringBuilder sb) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\': sb.append("\\\\"); break;
        case '\t': sb.append("\\t"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        default: sb.append(c);
      }
    }
  }

  private static String unescape(String v) {
    if (v.indexOf('\\') < 0) {
      return v;
    }
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++i >= v.length()) {
        throw new IllegalArgumentException("malformed value '" + v + "': ends with a lone backslash");
      }
      char e = v.charAt(i);
      switch (e) {
        case '\\': sb.append('\\'); break;
        case 't': sb.append('\t'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        default: throw new IllegalArgumentException("malformed value '" + v + "': unknown escape \\" + e);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return encode();
  }
}
