package dev.faultline.server.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.faultline.fleet.protocol.Message;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Agents remembered across server restarts (table {@code agents}, migration V3): the last hello of
 * each name, its token (and its team, V6) and when it was last seen, so the API lists disconnected
 * agents too.
 */
public final class AgentStore {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Jdbi jdbi;

  public AgentStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One stored agent. */
  public record Row(String name, Message.Hello hello, String tokenId, String team, long lastSeenMs) {}

  public List<Row> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT name, hello, token_id, team, last_seen_ms FROM agents ORDER BY name")
        .map((rs, ctx) -> new Row(rs.getString("name"), readHello(rs.getString("hello")), rs.getString("token_id"),
            rs.getString("team"), rs.getLong("last_seen_ms"))).list()).stream().filter(r -> r.hello() != null).toList();
  }

  /**
   * One change to an agent's row: a hello, or a disconnect ({@code connected} false; with the hello
   * too when that was not written yet). {@code team} is the team of the hello's token.
   */
  public record Change(String name, Message.Hello hello, String tokenId, String team, long atMs, boolean connected) {
    /** This change after {@code earlier}, which was not written yet. */
    Change after(Change earlier) {
      return hello == null && earlier.hello != null ? new Change(name, earlier.hello, earlier.tokenId, earlier.team, atMs,
          connected) : this;
    }
  }

  /** Applies changes in one transaction (hellos insert or update, disconnects update). */
  public void apply(java.util.Collection<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    jdbi.useTransaction(h -> {
      for (Change c : changes) {
        if (c.hello() == null) {
          h.createUpdate("UPDATE agents SET connected = FALSE, last_seen_ms = :at WHERE name = :name")
              .bind("at", c.atMs()).bind("name", c.name()).execute();
          continue;
        }
        boolean connected = c.connected();
        String json;
        try {
          json = MAPPER.writeValueAsString(c.hello());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException("hello not serialisable", e);
        }
        int n = h.createUpdate("UPDATE agents SET hello = :hello, token_id = :token, team = :team, last_seen_ms = :at, "
                + "connected = :connected WHERE name = :name")
            .bind("hello", json).bind("token", c.tokenId()).bind("team", c.team()).bind("at", c.atMs()).bind("name", c.name())
            .bind("connected", connected).execute();
        if (n == 0) {
          h.createUpdate("INSERT INTO agents (name, hello, token_id, team, first_seen_ms, last_seen_ms, connected) "
                  + "VALUES (:name, :hello, :token, :team, :at, :at, :connected)")
              .bind("hello", json).bind("token", c.tokenId()).bind("team", c.team()).bind("at", c.atMs()).bind("name", c.name())
              .bind("connected", connected).execute();
        }
      }
    });
  }

  private static Message.Hello readHello(String json) {
    try {
      return MAPPER.readValue(json, Message.Hello.class);
    } catch (java.io.IOException | RuntimeException e) {
      return null; // a row this version cannot read is not listed
    }
  }
}
