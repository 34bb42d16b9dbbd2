package dev.faultline.server.api;

import dev.faultline.server.Json;
import dev.faultline.server.db.RunStore.RunRecord;
import dev.faultline.server.db.RunStore.StoredEvent;
import dev.faultline.server.run.RunHandle;
import dev.faultline.server.run.RunStream;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/runs/{id}/events}: the run's events as Server-Sent Events. Each event's name
 * is the event kind, its data the JSON line {@code faultline run --json} prints, its id the
 * sequence number (a client reconnecting with {@code Last-Event-ID} gets only what it missed). A
 * final {@code end} event carries the status and verdict, then the stream closes.
 */
final class RunEventsStream {
  /** Events a slow client may fall behind by before its stream is closed (it can reconnect and resume). */
  static final int MAX_BEHIND = 10_000;
  private static final long KEEP_ALIVE_MS = 15_000;
  /** How often a stream of a run executing on another replica looks for new stored events. */
  private static final long FOLLOW_POLL_MS = 250;
  private final Services s;

  RunEventsStream(Services s) {
    this.s = s;
  }

  void handle(Context ctx) throws Exception {
    String id = ctx.pathParam("id");
    RunRoutes.visibleRun(s, ctx, id);
    int after = after(ctx);
    stream(new SseWriter(ctx), id, after);
  }

  private static int after(Context ctx) {
    String raw = ctx.header("Last-Event-ID");
    if (raw == null) {
      raw = ctx.queryParam("after");
    }
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(raw.strip()));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Last-Event-ID (or ?after=) must be an event's sequence number; got '" + raw + "'");
    }
  }

  private void stream(SseWriter client, String id, int after) throws InterruptedException {
    Optional<RunHandle> live = s.runManager().live(id);
    if (live.isEmpty()) {
      followStored(client, id, after);
      return;
    }
    LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    RunStream follower = new RunStream() {
      @Override
      public void event(StoredEvent event) {
        queue.offer(queue.size() < MAX_BEHIND ? event : Overflow.INSTANCE);
      }

      @Override
      public void end(Map<String, Object> result) {
        queue.offer(result);
      }
    };
    live.get().subscribe(after, follower);
    try {
      while (!client.closed()) {
        Object item = queue.poll(KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
        if (item == null) {
          client.comment("keep-alive");
        } else if (item instanceof StoredEvent e) {
          client.event(e.kind(), e.body(), String.valueOf(e.seq()));
        } else if (item == Overflow.INSTANCE) {
          client.event("error", Json.write(Map.of("error", "too_slow", "message", "this client fell more than "
              + MAX_BEHIND + " events behind; reconnect with Last-Event-ID to resume")), null);
          return;
        } else {
          client.event("end", Json.write(item), null);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      live.get().unsubscribe(follower);
    }
  }

  /**
   * Replays the stored events; while the run is live on another replica, polls the database for
   * new ones every {@value #FOLLOW_POLL_MS} ms until it ended, then sends the rest and the end.
   */
  private void followStored(SseWriter client, String id, int after) throws InterruptedException {
    int last = after;
    long lastWriteNanos = System.nanoTime();
    RunRecord r;
    while (true) {
      // Status first, events second: a run seen ended has stored all its events before the status.
      r = s.runs().find(id).orElseThrow();
      for (StoredEvent e : s.runs().events(id, last)) {
        if (client.closed()) {
          return;
        }
        client.event(e.kind(), e.body(), String.valueOf(e.seq()));
        last = e.seq();
        lastWriteNanos = System.nanoTime();
      }
      if (!dev.faultline.server.db.RunStore.LIVE_STATUSES.contains(r.status()) || client.closed()) {
        break;
      }
      if (System.nanoTime() - lastWriteNanos > TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MS)) {
        client.comment("keep-alive");
        lastWriteNanos = System.nanoTime();
      }
      Thread.sleep(FOLLOW_POLL_MS);
    }
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("run_id", id);
    end.put("status", r.status());
    end.put("deviated", r.deviated());
    end.put("verdict", r.verdict());
    client.event("end", Json.write(end), null);
  }

  /** Marks the point where a client fell too far behind. */
  private enum Overflow { INSTANCE }
}
