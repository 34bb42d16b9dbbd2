package dev.faultline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.server.Json;
import dev.faultline.server.auth.Actor;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reading requests: bounded bodies, JSON objects, query parameters, the caller. */
public final class Requests {
  static final String ACTOR = "faultline.actor";
  static final String BODY = "faultline.body";
  static final String AUDIT_TARGET = "faultline.audit.target";
  static final String AUDIT_PARAMS = "faultline.audit.params";

  private Requests() {}

  /** The authenticated caller (routes with a role only). */
  public static Actor actor(Context ctx) {
    return ctx.attribute(ACTOR);
  }

  /** Names what a mutation acted on, for the audit log. */
  public static void auditTarget(Context ctx, String target) {
    ctx.attribute(AUDIT_TARGET, target);
  }

  /** The parameters of a mutation, for the audit log (masked there). */
  public static void auditParameters(Context ctx, Map<String, ?> parameters) {
    ctx.attribute(AUDIT_PARAMS, parameters);
  }

  /** The body as text, at most {@code maxBytes}; 413 beyond. Read once, then remembered. */
  public static String body(Context ctx, long maxBytes) {
    String cached = ctx.attribute(BODY);
    if (cached != null) {
      return cached;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(declared, maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = ctx.req().getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > maxBytes) {
          throw tooLarge(-1, maxBytes);
        }
      }
    } catch (IOException e) {
      throw badRequest("the request body could not be read: " + e.getMessage());
    }
    String text = out.toString(StandardCharsets.UTF_8);
    ctx.attribute(BODY, text);
    return text;
  }

  /** The body as a JSON object; 400 naming the problem when it is not one. */
  public static Map<String, Object> jsonObject(Context ctx, long maxBytes) {
    return parseJsonObject(body(ctx, maxBytes), "a JSON object");
  }

  /**
   * {@code text} as a JSON object; 400 {@code bad_json} naming the problem (empty, where the JSON
   * breaks, or what was found instead) when it is not one.
   *
   * @param expected what the route expects, for the empty-body message, e.g. {@code the webhook's JSON object}
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseJsonObject(String text, String expected) {
    if (text.isBlank()) {
      throw new ApiException(400, "bad_json", "the request body is empty; expected " + expected);
    }
    Object value;
    try {
      value = Json.MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new ApiException(400, "bad_json", "the request body is not valid JSON" + where + ": "
          + e.getOriginalMessage());
    }
    if (!(value instanceof Map)) {
      throw new ApiException(400, "bad_json", "the request body must be a JSON object; found " + describe(value));
    }
    return (Map<String, Object>) value;
  }

  /** An optional string field; 400 when present with another type. */
  public static String optionalString(Map<String, Object> body, String key) {
    Object v = body.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw badRequest("'" + key + "' must be a string; found " + describe(v));
    }
    return s;
  }

  /** A positive integer query parameter with a default and a ceiling. */
  public static int limit(Context ctx, int dflt, int max) {
    String raw = ctx.queryParam("limit");
    if (raw == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(raw.strip());
      if (n < 1 || n > max) {
        throw badRequest("limit must be between 1 and " + max + "; got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw badRequest("limit must be a whole number between 1 and " + max + "; got '" + raw + "'");
    }
  }

  /** A time query parameter: epoch milliseconds or an ISO-8601 instant such as 2026-01-31T12:00:00Z. */
  public static Long time(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException notMillis) {
      try {
        return java.time.Instant.parse(raw.strip()).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        throw badRequest(name + " must be epoch milliseconds or an ISO-8601 instant (2026-01-31T12:00:00Z); got '"
            + raw + "'");
      }
    }
  }

  /** What kind of JSON value {@code v} is, for messages: "an object", "a string", "nothing"… */
  public static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof java.util.List) {
      return "an array";
    }
    if (v instanceof String str) {
      return str.isBlank() ? "an empty string" : "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Number) {
      return "a number";
    }
    return String.valueOf(v);
  }

  private static ApiException tooLarge(long declared, long maxBytes) {
    return new ApiException(413, "body_too_large", "the request body " + (declared >= 0 ? "(" + declared + " bytes) " : "")
        + "exceeds the limit of " + maxBytes + " bytes");
  }

  static ApiException badRequest(String message) {
    return ApiException.badRequest(message);
  }
}
