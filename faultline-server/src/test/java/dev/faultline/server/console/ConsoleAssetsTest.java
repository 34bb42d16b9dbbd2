package dev.faultline.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's files as the server serves them, without a browser: every file under
 * {@code resources/console} is served at its path with the security headers and a proper type,
 * without a token; the pages have no inline script or handler (the CSP would block them); the
 * API's own answers are unchanged.
 */
class ConsoleAssetsTest {
  private static final Path SOURCES = Path.of("src/main/resources/console");
  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern INLINE_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyConsoleFileIsServedWithTheSecurityHeaders(@TempDir Path dir) throws Exception {
    try (FaultlineServer server = FaultlineServer.start(ServerConfig.defaults(0, dir.resolve("data")),
        new PrintWriter(new StringWriter()), Map.of())) {
      HttpResponse<String> index = get(server, "/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(index.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
      List<Path> files;
      try (Stream<Path> walk = Files.walk(SOURCES)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      assertThat(files).hasSizeGreaterThan(5);
      for (Path f : files) {
        String path = "/" + SOURCES.relativize(f).toString().replace('\\', '/');
        HttpResponse<String> r = get(server, path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.body()).as(path).isEqualTo(Files.readString(f));
        ConsoleAssets.SECURITY_HEADERS.forEach((name, value) ->
            assertThat(r.headers().firstValue(name)).as(path + " " + name).contains(value));
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (path.endsWith(".js")) {
          assertThat(type).as(path).startsWith("text/javascript"); // module scripts need a JavaScript type
          if (!path.equals("/js/app.js")) {
            // Preloaded from index.html, so the browser fetches the module graph at once, not level by level.
            assertThat(index.body()).as("index.html preloads " + path)
                .contains("<link rel=\"modulepreload\" href=\"" + path.substring(1) + "\">");
          }
        } else if (path.endsWith(".css")) {
          assertThat(type).as(path).startsWith("text/css");
        } else if (path.endsWith(".html")) {
          assertThat(INLINE_SCRIPT.matcher(r.body()).find()).as(path + " has an inline script").isFalse();
          assertThat(INLINE_HANDLER.matcher(r.body()).find()).as(path + " has an inline event handler").isFalse();
        }
      }
      assertThat(ConsoleAssets.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "frame-ancestors 'none'",
          "connect-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
      // The API is not shadowed by the console: tokens are still required, unknown paths are JSON 404s.
      assertThat(get(server, "/api/v1/runs").statusCode()).isEqualTo(401);
      HttpResponse<String> missing = get(server, "/no-such-page.html");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("\"no_route\"");
    }
  }

  private HttpResponse<String> get(FaultlineServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(20)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
