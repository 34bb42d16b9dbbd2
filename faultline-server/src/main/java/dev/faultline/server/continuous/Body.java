package dev.faultline.server.continuous;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.Requests;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Reading request bodies field by field: every error names the field, what was found and what is
 * expected. Instants are ISO-8601 both ways: {@link #instant} reads them, {@link dev.faultline.server.api.Times#iso} writes them.
 */
final class Body {
  private final Map<String, Object> m;

  Body(Map<String, Object> m, Set<String> allowed) {
    this.m = m;
    for (String key : m.keySet()) {
      if (!allowed.contains(key)) {
        throw ApiException.badRequest("unknown field '" + key + "'; expected some of "
            + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  boolean has(String key) {
    return m.get(key) != null;
  }

  Object raw(String key) {
    return m.get(key);
  }

  String string(String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiException.badRequest("'" + key + "' must be a string; found " + Requests.describe(v));
    }
    return s;
  }

  /** The string stripped, or {@code dflt} when it is absent or blank. */
  String stringOr(String key, String dflt) {
    String s = string(key);
    return s == null || s.isBlank() ? dflt : s.strip();
  }

  String requiredString(String key, String example) {
    String s = string(key);
    if (s == null || s.isBlank()) {
      throw ApiException.badRequest("'" + key + "' is required: " + example);
    }
    return s.strip();
  }

  Integer integer(String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer i)) {
      throw ApiException.badRequest("'" + key + "' must be a whole number; found " + Requests.describe(v));
    }
    return i;
  }

  boolean bool(String key, boolean dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Boolean b)) {
      throw ApiException.badRequest("'" + key + "' must be true or false; found " + Requests.describe(v));
    }
    return b;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> object(String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw ApiException.badRequest("'" + key + "' must be a JSON object; found " + Requests.describe(v));
    }
    return (Map<String, Object>) v;
  }

  /** An ISO-8601 instant such as 2026-01-31T12:00:00Z. */
  Long instant(String key) {
    String s = string(key);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s.strip()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("'" + key + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z; got '"
          + s + "'");
    }
  }

}
