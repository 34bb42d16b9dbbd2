package dev.faultline.server.signal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads from a parsed JSON payload, each failing with the field's path and what was expected. */
final class PayloadFields {
  /** Bounds on what one signal may carry, so a payload cannot blow up the database rows. */
  static final int MAX_TEXT = 1000;
  static final int MAX_KEY = 400;
  static final int MAX_LABELS = 64;

  private PayloadFields() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object v, String path) {
    if (!(v instanceof Map)) {
      throw new WebhookPayloadException("'" + path + "' must be an object; found " + describe(v));
    }
    return (Map<String, Object>) v;
  }

  static Map<String, Object> requiredObject(Map<String, Object> m, String key, String path) {
    return object(m.get(key), path + key);
  }

  static List<?> requiredList(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (!(v instanceof List<?> l)) {
      throw new WebhookPayloadException("'" + path + key + "' must be an array; found " + describe(v));
    }
    return l;
  }

  static String requiredString(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new WebhookPayloadException("'" + path + key + "' must be a non-empty string; found " + describe(v));
    }
    return s;
  }

  static String optionalString(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new WebhookPayloadException("'" + path + key + "' must be a string; found " + describe(v));
    }
    return s;
  }

  /** An RFC 3339 / ISO-8601 time with an offset, e.g. 2026-12-05T14:00:00.123Z or +01:00. */
  static Instant requiredTime(Map<String, Object> m, String key, String path) {
    String raw = requiredString(m, key, path);
    return time(raw, path + key);
  }

  static Instant time(String raw, String where) {
    try {
      return OffsetDateTime.parse(raw.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new WebhookPayloadException("'" + where + "' must be an RFC 3339 time such as 2026-12-05T14:00:00Z; got '"
          + clip(raw, 60) + "'");
    }
  }

  /** String labels; values that are not strings are refused (labels are strings in every source). */
  static Map<String, String> labels(Object v, String path) {
    if (v == null) {
      return Map.of();
    }
    Map<String, Object> m = object(v, path);
    if (m.size() > MAX_LABELS) {
      throw new WebhookPayloadException("'" + path + "' has " + m.size() + " labels; at most " + MAX_LABELS
          + " are accepted");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new WebhookPayloadException("'" + path + "." + e.getKey() + "' must be a string; found "
            + describe(e.getValue()));
      }
      out.put(clip(e.getKey(), 200), clip(s, MAX_TEXT));
    }
    return out;
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static String describe(Object v) {
    return dev.faultline.server.api.Requests.describe(v);
  }
}
