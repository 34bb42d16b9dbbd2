package dev.faultline.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refuses, answered as {@code {"error": code, "message": …}} with the status.
 * The message says what was wrong and what would be right.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final transient Map<String, Object> details;

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public ApiException(int status, String code, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The JSON error body. */
  public Map<String, Object> body() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", code);
    m.put("message", getMessage());
    m.putAll(details);
    return m;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException notFound(String what, String id) {
    return new ApiException(404, "not_found", "no " + what + " with id '" + id + "'");
  }
}
