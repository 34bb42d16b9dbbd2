package dev.faultline.server.signal;

import dev.faultline.server.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Webhook deliveries (payload kept up to a bound) and the signals normalised from them. */
public final class SignalStore {
  /** The most characters of a payload kept; longer ones are stored cut, marked truncated. */
  public static final int MAX_STORED_PAYLOAD_CHARS = 64 * 1024;
  private final Jdbi jdbi;

  public SignalStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** What a stored delivery gave: its id and the signals that were new (a redelivery's are not). */
  public record Stored(long webhookId, List<InboundSignal> fresh, int duplicates) {}

  /** Stores one delivery and its signals in one transaction; signals already stored are skipped. */
  public Stored store(String source, String authenticated, String payload, List<InboundSignal> signals,
      Instant receivedAt) {
    int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
    boolean truncated = payload.length() > MAX_STORED_PAYLOAD_CHARS;
    String kept = truncated ? payload.substring(0, MAX_STORED_PAYLOAD_CHARS) : payload;
    return jdbi.inTransaction(h -> {
      long id = h.createUpdate("INSERT INTO inbound_webhooks (source, received_ms, authenticated, payload, "
              + "payload_bytes, truncated, signals) VALUES (:source, :at, :auth, :payload, :bytes, :truncated, :n)")
          .bind("source", source).bind("at", receivedAt.toEpochMilli()).bind("auth", authenticated)
          .bind("payload", kept).bind("bytes", bytes).bind("truncated", truncated).bind("n", signals.size())
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      List<InboundSignal> fresh = new ArrayList<>();
      int duplicates = 0;
      for (InboundSignal s : signals) {
        // Checked before the insert: a failed insert would abort the whole transaction on PostgreSQL.
        boolean known = h.createQuery("SELECT COUNT(*) FROM inbound_signals WHERE source = :source AND kind = :kind "
                + "AND signal_key = :key AND occurred_ms = :at")
            .bind("source", s.source()).bind("kind", s.kind().name()).bind("key", s.key())
            .bind("at", s.occurredAt().toEpochMilli()).mapTo(Integer.class).one() > 0;
        if (known || containsSame(fresh, s)) {
          duplicates++;
          continue;
        }
        h.createUpdate("INSERT INTO inbound_signals (webhook_id, source, kind, signal_key, name, labels, occurred_ms, "
                + "received_ms) VALUES (:wh, :source, :kind, :key, :name, :labels, :at, :received)")
            .bind("wh", id).bind("source", s.source()).bind("kind", s.kind().name()).bind("key", s.key())
            .bind("name", s.name()).bind("labels", Json.write(s.labels())).bind("at", s.occurredAt().toEpochMilli())
            .bind("received", s.receivedAt().toEpochMilli()).execute();
        fresh.add(s);
      }
      return new Stored(id, fresh, duplicates);
    });
  }

  /**
   * Forgets the signals one delivery stored (its subscribers could not act on them), so the
   * sender's retry of the same delivery counts as new; the delivery itself stays recorded.
   */
  public void forgetSignals(long webhookId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM inbound_signals WHERE webhook_id = :wh").bind("wh", webhookId)
        .execute());
  }

  private static boolean containsSame(List<InboundSignal> list, InboundSignal s) {
    for (InboundSignal o : list) {
      if (o.source().equals(s.source()) && o.kind() == s.kind() && o.key().equals(s.key())
          && o.occurredAt().toEpochMilli() == s.occurredAt().toEpochMilli()) {
        return true;
      }
    }
    return false;
  }

  /** Signals that occurred in {@code [fromMs, toMs]}, oldest first, at most {@code limit}. */
  public List<InboundSignal> between(long fromMs, long toMs, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT source, kind, signal_key, name, labels, occurred_ms, received_ms "
            + "FROM inbound_signals WHERE occurred_ms >= :from AND occurred_ms <= :to ORDER BY occurred_ms, id LIMIT :limit")
        .bind("from", fromMs).bind("to", toMs).bind("limit", limit)
        .map((rs, ctx) -> new InboundSignal(rs.getString("source"), InboundSignal.Kind.valueOf(rs.getString("kind")),
            rs.getString("signal_key"), rs.getString("name"), labels(rs.getString("labels")),
            Instant.ofEpochMilli(rs.getLong("occurred_ms")), Instant.ofEpochMilli(rs.getLong("received_ms"))))
        .list());
  }

  /** How many deliveries and signals are stored (tests and metrics). */
  public Map<String, Long> counts() {
    return jdbi.withHandle(h -> {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("webhooks", h.createQuery("SELECT COUNT(*) FROM inbound_webhooks").mapTo(Long.class).one());
      m.put("signals", h.createQuery("SELECT COUNT(*) FROM inbound_signals").mapTo(Long.class).one());
      return m;
    });
  }

  private static Map<String, String> labels(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    Json.readMap(json).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
