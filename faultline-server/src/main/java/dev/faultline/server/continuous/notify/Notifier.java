package dev.faultline.server.continuous.notify;

import dev.faultline.server.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends what continuous chaos does to Slack (incoming webhook), generic webhooks and Grafana
 * (annotations), on one background thread so a slow receiver never delays a run or a pause.
 * Bounded: when 1,000 notifications wait, newer ones are dropped (and counted).
 */
public final class Notifier implements AutoCloseable {
  /** What can be notified. */
  public enum Event {
    RUN_STARTED("run_started"), RUN_ENDED("run_ended"), RUN_DEVIATED("run_deviated"), RUN_SKIPPED("run_skipped"),
    RUN_HALTED("run_halted"), HALT("halt"), RESUME("resume"), PAUSED("paused_by_incident"),
    PAUSE_RESOLVED("pause_resolved"), PAUSE_ENDED("pause_ended"), SCHEDULE_EXPIRING("schedule_expiring"),
    SCHEDULE_EXPIRED("schedule_expired"), OPT_IN_EXPIRING("opt_in_expiring"), OPT_IN_EXPIRED("opt_in_expired"),
    MONKEY_KILL("monkey_kill"), MONKEY_LEASHED("monkey_leashed");

    private final String wireName;

    Event(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** One delivery attempt, kept (the last 200) for the API and tests. */
  public record Delivery(String targetId, String kind, String event, int status, String error, long atMs) {}

  private final NotifyStore store;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(1000), r -> {
        Thread t = new Thread(r, "faultline-notify");
        t.setDaemon(true);
        return t;
      });
  private final List<Delivery> deliveries = new ArrayList<>();
  private long dropped;

  public Notifier(NotifyStore store) {
    this.store = store;
  }

  /** Queues {@code event} about {@code service} for every target. */
  public void send(Event event, String service, String message, Map<String, Object> details) {
    Instant at = Instant.now();
    try {
      pool.execute(() -> deliverAll(event, service, message, details, at));
    } catch (RejectedExecutionException e) {
      synchronized (deliveries) {
        dropped++;
      }
    }
  }

  private void deliverAll(Event event, String service, String message, Map<String, Object> details, Instant at) {
    for (NotifyStore.Target t : store.list()) {
      int status = 0;
      String error = null;
      try {
        HttpRequest request = request(t, event, service, message, details, at);
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (java.io.IOException | IllegalArgumentException e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      synchronized (deliveries) {
        deliveries.add(new Delivery(t.id(), t.kind(), event.wireName(), status, error, System.currentTimeMillis()));
        if (deliveries.size() > 200) {
          deliveries.remove(0);
        }
      }
    }
  }

  static HttpRequest request(NotifyStore.Target t, Event event, String service, String message,
      Map<String, Object> details, Instant at) {
    Map<String, Object> body = new LinkedHashMap<>();
    URI uri;
    switch (t.kind()) {
      case "slack" -> {
        uri = URI.create(t.url());
        body.put("text", ":rotating_light: Faultline " + event.wireName().replace('_', ' ')
            + (service == null ? "" : " [" + service + "]") + ": " + message);
      }
      case "grafana" -> {
        uri = URI.create(t.url().replaceAll("/+$", "") + "/api/annotations");
        body.put("time", at.toEpochMilli());
        List<String> tags = new ArrayList<>(List.of("faultline", event.wireName()));
        if (service != null) {
          tags.add("service:" + service);
        }
        body.put("tags", tags);
        body.put("text", message);
      }
      default -> {
        uri = URI.create(t.url());
        body.put("event", event.wireName());
        body.put("service", service);
        body.put("message", message);
        body.put("at", at.toString());
        body.put("details", details);
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (t.token() != null && !t.token().isBlank()) {
      b.header("Authorization", "Bearer " + t.token());
    }
    return b.build();
  }

  /** The latest deliveries, oldest first. */
  public List<Delivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /** Notifications dropped because the queue was full. */
  public long dropped() {
    synchronized (deliveries) {
      return dropped;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
