package dev.faultline.server.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web console: plain HTML, CSS and JavaScript modules from the classpath folder
 * {@code /console}, served at {@code /} by Javalin's static file handler (no build step, no CDN).
 *
 * <p>The pages hold no secret: the browser asks for a token at sign-in, keeps it in
 * {@code sessionStorage} and sends it as {@code Authorization: Bearer} on each API call, never as a
 * cookie, so another site cannot make the browser send it (CSRF-safe by construction). Every
 * console file carries {@link #SECURITY_HEADERS}: scripts only from this origin (no inline script,
 * no eval), no framing, no MIME sniffing, no referrer.
 */
public final class ConsoleAssets {
  /** The classpath folder holding the console's files. */
  public static final String CLASSPATH_DIR = "/console";

  /** The policy the console's pages run under; {@code connect-src 'self'}: the API of this server only. */
  public static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'");

  /** Headers on every console file. */
  public static final Map<String, String> SECURITY_HEADERS = securityHeaders();

  private ConsoleAssets() {}

  /** Serves the console at {@code /} (index.html for {@code /}); API routes are unaffected. */
  public static void install(JavalinConfig config) {
    config.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = CLASSPATH_DIR;
      files.location = Location.CLASSPATH;
      files.headers = SECURITY_HEADERS;
    });
  }

  private static Map<String, String> securityHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // Revalidated on every load (ETag), so a server upgrade is seen at once and no stale page lingers.
    h.put("Cache-Control", "no-cache");
    return Map.copyOf(h);
  }
}
