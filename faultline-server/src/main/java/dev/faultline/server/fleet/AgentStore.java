package dev.faultline.server.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.faultline.fleet.protocol.Message;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Agents remembered across server restarts (table {@code agents}, migration V3): the last hello of
 * each name, its token and when it was last seen, so the API lists disconnected agents too.
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
  public record Row(String name, Message.Hello hello, String tokenId, long lastSeenMs) {}

  public List<Row> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT name, hello, token_id, last_seen_ms FROM agents ORDER BY name")
        .map((rs, ctx) -> new Row(rs.getString("name"), readHello(rs.getString("hello")), rs.getString("token_id"),
            rs.getLong("last_seen_ms"))).list()).stream().filter(r -> r.hello() != null).toList();
  }

  /** Records a hello (insert or update). */
  public void connected(String name, Message.Hello hello, String tokenId, long atMs) {
    String json;
    try {
      json = MAPPER.writeValueAsString(hello);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("hello not serialisable", e);
    }
    jdbi.useTransaction(h -> {
      int n = h.createUpdate("UPDATE agents SET hello = :hello, token_id = :token, last_seen_ms = :at, connected = TRUE "
              + "WHERE name = :name")
          .bind("hello", json).bind("token", tokenId).bind("at", atMs).bind("name", name).execute();
      if (n == 0) {
        h.createUpdate("INSERT INTO agents (name, hello, token_id, first_seen_ms, last_seen_ms, connected) "
                + "VALUES (:name, :hello, :token, :at, :at, TRUE)")
            .bind("hello", json).bind("token", tokenId).bind("at", atMs).bind("name", name).execute();
      }
    });
  }

  public void disconnected(String name, long lastSeenMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE agents SET connected = FALSE, last_seen_ms = :at WHERE name = :name")
        .bind("at", lastSeenMs).bind("name", name).execute());
  }

  private static Message.Hello readHello(String json) {
    try {
      return MAPPER.readValue(json, Message.Hello.class);
    } catch (java.io.IOException | RuntimeException e) {
      return null; // a row this version cannot read is not listed
    }
  }
}
