package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document and the routes the HTTP server really has agree, both ways. */
class OpenApiTest {
  private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

  @Test
  void everyRouteIsDocumentedAndNothingDocumentedIsMissing(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir)) {
      Response r = t.get("/api/v1/openapi.json", null);
      assertThat(r.status()).isEqualTo(200);
      Map<String, Object> doc = r.json();
      assertThat(doc.get("openapi").toString()).startsWith("3.");

      Set<String> documented = new TreeSet<>();
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
      paths.forEach((path, ops) -> ops.keySet().stream().filter(HTTP_METHODS::contains)
          .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));

      Set<String> registered = new TreeSet<>();
      t.server.registeredRoutes().forEach(e -> registered.add(e.getKey() + " " + e.getValue()));

      assertThat(registered).as("routes the server has").isNotEmpty();
      assertThat(documented).as("documented but not served").isSubsetOf(registered);
      assertThat(registered).as("served but not documented").isSubsetOf(documented);

      // each documented operation names the role the route really needs
      for (var route : t.server.api().routes()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> op = (Map<String, Object>) paths.get(route.path())
            .get(route.method().name().toLowerCase(Locale.ROOT));
        assertThat(op.get("x-faultline-role")).as(route.method() + " " + route.path())
            .isEqualTo(route.role() == null ? null : route.role().wireName());
      }
    }
  }
}
