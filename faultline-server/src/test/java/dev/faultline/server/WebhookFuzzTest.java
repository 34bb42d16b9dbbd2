package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.signal.WebhookAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, bounded fuzz of the webhook routes: documented payloads with random fields deleted,
 * retyped or replaced (huge, control characters, bad times), raw bytes cut or flipped, signatures
 * right, wrong or absent. Every answer is a 202 or a JSON 4xx naming the problem, never a 5xx;
 * a refused delivery stores nothing, an accepted one exactly one delivery. A failing seed is
 * printed; keep it in SEEDS.
 */
class WebhookFuzzTest {
  private static final long[] SEEDS = {20261205L};
  private static final int REQUESTS = 300;
  private static final long MAX_MS = 12_000;
  private static final List<String> SOURCES = List.of("alertmanager", "pagerduty", "generic");
  private static final List<Object> VALUES = java.util.Arrays.asList(null, 0, -1, 1e308, true, "", " ", "4", "firing",
      "resolved", "2026-13-45T99:00:00Z", "0001-01-01T00:00:00Z", "2026-12-05T14:00:00+01:00", "\u0000\u001b[2J",
      "x".repeat(5000), List.of(), List.of(1, "a"), Map.of(), Map.of("service", 5), Map.of("alertname", "A"),
      "incident.triggered", "alert_firing", "ünïcödé");

  @Test
  void everyMutatedDeliveryIsAcceptedOrRefusedWithJsonAndNothingHalfStored(@TempDir Path dir) throws Exception {
    try (TestServer t = WebhookTest.start(dir)) {
      String operator = t.token("operator");
      String viewer = t.token("viewer");
      for (long seed : SEEDS) {
        Random random = new Random(seed);
        long deadline = System.currentTimeMillis() + MAX_MS;
        String last = "";
        try {
          for (int i = 0; i < REQUESTS && System.currentTimeMillis() < deadline; i++) {
            String source = SOURCES.get(random.nextInt(SOURCES.size()));
            byte[] body = body(random, source);
            last = source + " " + new String(body, StandardCharsets.UTF_8);
            Map<String, Long> before = t.server.api().services().response().signalStore().counts();
            Response r = send(t, random, source, body, operator, viewer);
            assertThat(r.status()).as(r.toString()).isIn(202, 400, 401, 403, 413, 422);
            assertThat(r.contentType()).startsWith("application/json");
            Map<String, Long> after = t.server.api().services().response().signalStore().counts();
            if (r.status() == 202) {
              assertThat(after.get("webhooks")).isEqualTo(before.get("webhooks") + 1);
              assertThat(after.get("signals") - before.get("signals")).isEqualTo(((Number) r.json().get("new")).longValue());
            } else {
              assertThat(r.json().get("error")).isNotNull();
              assertThat((String) r.json().get("message")).isNotBlank();
              assertThat(after).isEqualTo(before);
            }
          }
          assertThat(t.get("/health", null).status()).isEqualTo(200);
        } catch (AssertionError e) {
          throw new AssertionError("webhook fuzz failed with seed " + seed + " on: "
              + last.substring(0, Math.min(400, last.length())), e);
        }
      }
    }
  }

  private static Response send(TestServer t, Random random, String source, byte[] body, String operator, String viewer)
      throws Exception {
    int how = random.nextInt(10);
    String header = source.equals("pagerduty") ? WebhookAuth.PAGERDUTY_HEADER : WebhookAuth.FAULTLINE_HEADER;
    return switch (how) {
      case 0 -> WebhookClient.post(t, source, body, null, null);
      case 1 -> WebhookClient.post(t, source, body, header, WebhookAuth.sign("wrong", body));
      case 2 -> WebhookClient.post(t, source, body, header, "v1=zz" + random.nextInt());
      case 3 -> WebhookClient.post(t, source, body, "Authorization", "Bearer " + viewer);
      case 4 -> WebhookClient.post(t, source, body, "Authorization", "Bearer " + operator);
      default -> WebhookClient.post(t, source, body, header, WebhookAuth.sign(WebhookTest.SECRET, body));
    };
  }

  private static byte[] body(Random random, String source) {
    Instant at = Instant.parse("2026-12-05T14:00:00Z").plusMillis(random.nextInt(10_000_000));
    String valid = switch (source) {
      case "alertmanager" -> WebhookClient.alertmanager(random.nextBoolean() ? "firing" : "resolved", "A" + random.nextInt(5),
          "fp" + random.nextInt(20), at, at.plusSeconds(5), "svc" + random.nextInt(3));
      case "pagerduty" -> WebhookClient.pagerduty(List.of("incident.triggered", "incident.acknowledged",
          "incident.escalated", "incident.resolved", "incident.annotated").get(random.nextInt(5)), "P" + random.nextInt(9),
          at, "svc", "team");
      default -> "{\"signals\": [{\"kind\": \"alert_firing\", \"key\": \"k" + random.nextInt(20) + "\", \"name\": \"A\", "
          + "\"labels\": {\"service\": \"svc\"}, \"occurred_at\": \"" + at + "\"}]}";
    };
    int mode = random.nextInt(10);
    if (mode == 0) {
      return valid.getBytes(StandardCharsets.UTF_8);
    }
    if (mode == 1) {
      byte[] b = valid.getBytes(StandardCharsets.UTF_8);
      return java.util.Arrays.copyOf(b, random.nextInt(b.length));
    }
    if (mode == 2) {
      byte[] b = valid.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 1 + random.nextInt(5); i++) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      return b;
    }
    Object tree = dev.faultline.server.Json.read(valid);
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      mutate(tree, random);
    }
    return dev.faultline.server.Json.write(tree).getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces or deletes one randomly chosen field somewhere in the tree. */
  @SuppressWarnings("unchecked")
  private static void mutate(Object node, Random random) {
    for (int depth = 0; depth < 6; depth++) {
      if (node instanceof Map<?, ?> m && !m.isEmpty()) {
        Map<String, Object> map = (Map<String, Object>) m;
        List<String> keys = new ArrayList<>(map.keySet());
        String key = keys.get(random.nextInt(keys.size()));
        Object child = map.get(key);
        if ((child instanceof Map || child instanceof List) && random.nextInt(3) > 0) {
          node = child;
          continue;
        }
        if (random.nextInt(4) == 0) {
          map.remove(key);
        } else {
          map.put(key, value(random));
        }
        return;
      }
      if (node instanceof List<?> l && !l.isEmpty()) {
        List<Object> list = (List<Object>) l;
        int i = random.nextInt(list.size());
        if ((list.get(i) instanceof Map || list.get(i) instanceof List) && random.nextInt(3) > 0) {
          node = list.get(i);
          continue;
        }
        list.set(i, value(random));
        return;
      }
      return;
    }
  }

  private static Object value(Random random) {
    Object v = VALUES.get(random.nextInt(VALUES.size()));
    return v instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : v instanceof List<?> l ? new ArrayList<>(l) : v;
  }
}
