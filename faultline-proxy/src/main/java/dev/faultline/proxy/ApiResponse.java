package dev.faultline.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP response: status, content type (null for none), body, and extra headers. */
record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static ApiResponse json(int status, String json) {
        return new ApiResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ApiResponse empty(int status) {
        return new ApiResponse(status, null, new byte[0], Map.of());
    }

    static ApiResponse text(int status, String text) {
        return new ApiResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /**
     * Toxiproxy's error: {@code {"error":"...","status":N}} plus a newline, sent with Go's
     * {@code http.Error}, hence text/plain and nosniff.
     */
    static ApiResponse error(ApiException error) {
        String body = JsonBodies.MAPPER.createObjectNode()
                .put("error", error.getMessage())
                .put("status", error.status())
                .toString() + "\n";
        return new ApiResponse(error.status(), TEXT, body.getBytes(StandardCharsets.UTF_8),
                Map.of("X-Content-Type-Options", "nosniff"));
    }
}
