package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.api.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The continuous-chaos routes: services and opt-out, schedules, calendars, roles, bad input, a seeded fuzz. */
class ContinuousApiTest {
  @TempDir
  static Path dir;
  static TestServer t;
  static ContinuousFixtures.Health health;
  static String viewer;
  static String operator;

  @BeforeAll
  static void start() throws Exception {
    t = TestServer.start(dir, c -> c.withContinuous(c.continuous().withSchedulerRunning(false)));
    health = new ContinuousFixtures.Health();
    viewer = t.token("viewer");
    operator = t.token("operator");
  }

  @AfterAll
  static void stop() {
    t.close();
    health.close();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(String path, String key) throws Exception {
    Response r = t.get(path, viewer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return (List<Map<String, Object>>) r.json().get(key);
  }

  @Test
  void aServiceIsRegisteredOptedOutWithAReasonAndBackIn() throws Exception {
    Response created = t.call("POST", "/api/v1/services", operator,
        ContinuousFixtures.service("checkout", "payments", 1, health.url()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json()).containsEntry("name", "checkout").containsEntry("level", 1)
        .containsEntry("opted_in", true).containsKey("opt_in_expires");
    assertThat(t.call("POST", "/api/v1/services", operator, ContinuousFixtures.service("checkout", "payments", 1,
        health.url())).status()).isEqualTo(409);

    Response noReason = t.call("POST", "/api/v1/services/checkout/opt-out", operator, "{}");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.json().get("message").toString()).contains("'reason' is required");

    Response out = t.call("POST", "/api/v1/services/checkout/opt-out", operator,
        "{\"reason\": \"migrating to the new cluster\", \"owner\": \"alice\"}");
    assertThat(out.status()).as(out.toString()).isEqualTo(200);
    assertThat(out.json()).containsEntry("opted_in", false).containsEntry("opt_out_reason",
        "migrating to the new cluster").containsEntry("opt_owner", "alice");
    Map<String, Object> coverage = t.get("/api/v1/coverage", viewer).json();
    assertThat(coverage.get("organisation").toString()).contains("opted_out").contains("migrating to the new cluster");

    Response in = t.call("POST", "/api/v1/services/checkout/opt-in", operator, null);
    assertThat(in.json()).containsEntry("opted_in", true).containsEntry("opt_out_reason", null);

    Response changed = t.call("PUT", "/api/v1/services/checkout", operator, "{\"level\": 3}");
    assertThat(changed.json()).containsEntry("level", 3).containsEntry("team", "payments");
    assertThat(list("/api/v1/services", "services")).anySatisfy(s -> assertThat(s).containsEntry("name", "checkout"));
    assertThat(t.call("DELETE", "/api/v1/services/checkout", operator, null).status()).isEqualTo(204);
    assertThat(t.get("/api/v1/services/checkout", viewer).status()).isEqualTo(404);
    // every mutation is in the audit log under its kind
    String audit = t.get("/api/v1/audit?limit=50", viewer).body();
    assertThat(audit).contains("service.create", "service.opt_out", "service.opt_in", "service.update",
        "service.delete");
  }

  @Test
  void badInputIsRefusedWithAClearErrorAndChangesNothing() throws Exception {
    assertThat(t.call("POST", "/api/v1/services", operator,
        ContinuousFixtures.service("search", "discovery", 1, health.url())).status()).isEqualTo(201);
    int schedules = list("/api/v1/schedules", "schedules").size();
    int calendars = list("/api/v1/calendars", "calendars").size();
    String doc = "{\"title\": \"t\", \"description\": \"d\", \"method\": [{\"type\": \"probe\", \"name\": \"p\", "
        + "\"provider\": {\"type\": \"http\", \"url\": \"" + health.url() + "\"}}]}";

    Response cron = t.call("POST", "/api/v1/schedules", operator,
        "{\"service\": \"search\", \"cron\": \"0 25 * * *\", \"document\": " + doc + "}");
    assertThat(cron.status()).isEqualTo(400);
    assertThat(cron.json()).containsEntry("error", "bad_cron");
    assertThat(cron.json().get("message").toString()).contains("'cron' is not a valid", "0 25 * * *");

    Response zone = t.call("POST", "/api/v1/schedules", operator,
        "{\"service\": \"search\", \"cron\": \"0 10 * * 1-5\", \"time_zone\": \"Europe/Atlantis\", \"document\": " + doc + "}");
    assertThat(zone.status()).isEqualTo(400);
    assertThat(zone.json()).containsEntry("error", "bad_time_zone");
    assertThat(zone.json().get("message").toString()).contains("Europe/Atlantis");

    String hide = ContinuousFixtures.hideFile(dir.resolve("x"), 1);
    Response level = t.call("POST", "/api/v1/schedules", operator,
        "{\"service\": \"search\", \"cron\": \"0 10 * * 1-5\", \"document\": " + hide + "}");
    assertThat(level.status()).isEqualTo(422);
    assertThat(level.json()).containsEntry("error", "level_too_low");
    assertThat(level.json().get("message").toString()).contains("file-move", "needs level 2", "level 1");

    Response window = t.call("POST", "/api/v1/schedules", operator, "{\"service\": \"search\", \"window_start\": "
        + "\"2026-01-02T10:00:00Z\", \"window_end\": \"2026-01-01T10:00:00Z\", \"document\": " + doc + "}");
    assertThat(window.status()).isEqualTo(400);
    assertThat(window.json().get("message").toString()).contains("'window_end'", "must be after");

    Response malformed = t.call("POST", "/api/v1/schedules", operator, "{\"service\": \"search\", \"cron\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json()).containsEntry("error", "bad_json");

    Response unknownService = t.call("POST", "/api/v1/schedules", operator,
        "{\"service\": \"nope\", \"cron\": \"0 10 * * 1-5\", \"document\": " + doc + "}");
    assertThat(unknownService.status()).isEqualTo(404);

    Response freeze = t.call("POST", "/api/v1/calendars", operator, "{\"kind\": \"freeze\", \"start\": "
        + "\"2030-11-27T00:00:00Z\", \"end\": \"2030-11-30T00:00:00Z\", \"reason\": \"Black Friday\"}");
    assertThat(freeze.status()).as(freeze.toString()).isEqualTo(201);
    Response overlap = t.call("POST", "/api/v1/calendars", operator, "{\"kind\": \"freeze\", \"start\": "
        + "\"2030-11-29T00:00:00Z\", \"end\": \"2030-12-02T00:00:00Z\", \"reason\": \"Cyber Monday\"}");
    assertThat(overlap.status()).isEqualTo(409);
    assertThat(overlap.json()).containsEntry("error", "overlapping_window").containsEntry("overlaps",
        freeze.json().get("id"));
    Response holidayNoDay = t.call("POST", "/api/v1/calendars", operator, "{\"kind\": \"holiday\", \"day\": "
        + "\"2030-02-30\", \"reason\": \"x\"}");
    assertThat(holidayNoDay.status()).isEqualTo(400);
    assertThat(holidayNoDay.json().get("message").toString()).contains("'day'", "2030-02-30");
    Response badHealth = t.call("POST", "/api/v1/services", operator, "{\"name\": \"bad\", \"team\": \"t\", "
        + "\"level\": 0, \"health_check\": {\"type\": \"probe\", \"name\": \"h\", \"tolerance\": 200, "
        + "\"provider\": {\"type\": \"nonsense\"}}}");
    assertThat(badHealth.status()).isEqualTo(400);
    assertThat(badHealth.json()).containsEntry("error", "bad_health_check");

    assertThat(list("/api/v1/schedules", "schedules")).hasSize(schedules);
    assertThat(list("/api/v1/calendars", "calendars")).hasSize(calendars + 1);
    assertThat(t.get("/api/v1/services/bad", viewer).status()).isEqualTo(404);
    // and a good one is accepted and due at the next cron time in its zone
    Response ok = t.call("POST", "/api/v1/schedules", operator,
        "{\"service\": \"search\", \"cron\": \"0 10 * * 1-5\", \"time_zone\": \"Europe/Berlin\", \"document\": " + doc + "}");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json()).containsEntry("state", "active").containsEntry("kind", "cron");
    Instant next = Instant.parse((String) ok.json().get("next_due"));
    Instant expires = Instant.parse((String) ok.json().get("expires"));
    assertThat(Duration.between(Instant.parse((String) ok.json().get("created")), expires)).isEqualTo(Duration.ofDays(30));
    assertThat(next.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(10);
  }

  @Test
  void everyMutatingRouteRefusesAViewerAndForceNeedsAnAdmin() throws Exception {
    List<Route> mutating = t.server.api().routes().stream().filter(Route::mutating)
        .filter(r -> r.path().matches("/api/v1/(services|schedules|calendars|notifications).*")).toList();
    assertThat(mutating).hasSizeGreaterThanOrEqualTo(12);
    for (Route r : mutating) {
      String path = r.path().replace("{name}", "checkout").replace("{id}", "x");
      Response denied = t.call(r.method().name(), path, viewer, "{}");
      assertThat(denied.status()).as(r.method() + " " + r.path()).isEqualTo(403);
      assertThat(denied.json()).containsEntry("error", "forbidden");
    }
    assertThat(t.call("POST", "/api/v1/services", operator,
        ContinuousFixtures.service("ledger", "finance", 0, health.url())).status()).isEqualTo(201);
    String doc = "{\"title\": \"t\", \"description\": \"d\", \"method\": [{\"type\": \"probe\", \"name\": \"p\", "
        + "\"provider\": {\"type\": \"http\", \"url\": \"" + health.url() + "\"}}]}";
    Response forced = t.call("POST", "/api/v1/schedules", operator,
        "{\"service\": \"ledger\", \"cron\": \"0 3 * * *\", \"force\": true, \"document\": " + doc + "}");
    assertThat(forced.status()).isEqualTo(403);
    assertThat(forced.json().get("message").toString()).contains("'force'", "admin");
    Response admin = t.call("POST", "/api/v1/schedules", t.adminToken,
        "{\"service\": \"ledger\", \"cron\": \"0 3 * * *\", \"force\": true, \"document\": " + doc + "}");
    assertThat(admin.status()).as(admin.toString()).isEqualTo(201);
    assertThat(admin.json()).containsEntry("force", true);
    assertThat(t.get("/api/v1/audit?kind=schedule.create&limit=5", viewer).body()).contains("\"force\":true");
  }

  @Test
  void aSeededFuzzOverTheBodiesNeverGetsA500OrAnUnexplainedError() throws Exception {
    long seed = Long.getLong("fuzz.seed", 1_305_2026L);
    Random random = new Random(seed);
    assertThat(t.call("POST", "/api/v1/services", operator,
        ContinuousFixtures.service("fuzzed", "fuzz", 2, health.url())).status()).isEqualTo(201);
    List<String[]> targets = List.of(new String[] {"POST", "/api/v1/services"},
        new String[] {"PUT", "/api/v1/services/fuzzed"}, new String[] {"POST", "/api/v1/services/fuzzed/opt-out"},
        new String[] {"POST", "/api/v1/schedules"}, new String[] {"POST", "/api/v1/calendars"},
        new String[] {"POST", "/api/v1/notifications"});
    List<String> keys = List.of("name", "team", "level", "health_check", "tags", "monkey", "service", "cron",
        "time_zone", "window_start", "window_end", "document", "experiment", "kind", "day", "start_hour", "end_hour",
        "start", "end", "reason", "owner", "url", "token", "force", "opted_in");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    for (int i = 0; i < 300 && System.nanoTime() < deadline; i++) {
      String[] target = targets.get(random.nextInt(targets.size()));
      String body;
      if (random.nextInt(8) == 0) {
        body = garbage(random);
      } else {
        StringBuilder b = new StringBuilder("{");
        int n = random.nextInt(6);
        for (int k = 0; k < n; k++) {
          b.append(k == 0 ? "" : ",").append('"').append(keys.get(random.nextInt(keys.size()))).append("\":")
              .append(value(random, 2));
        }
        body = b.append('}').toString();
      }
      Response r = t.call(target[0], target[1], t.adminToken, body);
      String where = "seed " + seed + ", request " + i + ": " + target[0] + " " + target[1] + " " + body + " -> " + r;
      assertThat(r.status()).as(where).isLessThan(500);
      if (r.status() >= 400) {
        assertThat(r.json()).as(where).containsKeys("error", "message");
      }
    }
  }

  private static String garbage(Random r) {
    String[] forms = {"", "[]", "null", "42", "\"x\"", "{", "{\"a\":}", "{\"level\": 1e999}", "\u0000", "{\"kind\": "
        + "\"freeze\", \"start\": \"2030-01-01T00:00:00Z\", \"end\": \"2029-01-01T00:00:00Z\", \"reason\": \"r\"}"};
    return forms[r.nextInt(forms.length)];
  }

  private static String value(Random r, int depth) {
    switch (r.nextInt(depth > 0 ? 10 : 7)) {
      case 0: return "null";
      case 1: return String.valueOf(r.nextInt(200) - 100);
      case 2: return r.nextBoolean() ? "true" : "false";
      case 3: return "\"" + List.of("", "x", "UTC", "Mars/Base", "* * * * *", "61 * * * *", "weekends", "freeze",
          "holiday", "outside_hours", "slack", "grafana", "webhook", "http://127.0.0.1:1/x", "2030-01-01T00:00:00Z",
          "2030-02-30", "fuzzed", "../../etc", "é\\u0000").get(r.nextInt(19)) + "\"";
      case 4: return "1.5";
      case 5: return "\"" + "a".repeat(r.nextInt(3000)) + "\"";
      case 6: return "[]";
      case 7: {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
          b.append(i == 0 ? "" : ",").append(value(r, depth - 1));
        }
        return b.append(']').toString();
      }
      default: {
        List<String> keys = new ArrayList<>(List.of("type", "name", "tolerance", "provider", "url", "method", "title",
            "enabled", "meanTimeBetweenKillsInWorkDays", "startHour", "timeZone", "experiment"));
        StringBuilder b = new StringBuilder("{");
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
          b.append(i == 0 ? "" : ",").append('"').append(keys.get(r.nextInt(keys.size()))).append("\":")
              .append(value(r, depth - 1));
        }
        return b.append('}').toString();
      }
    }
  }
}
