package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} asks the database at most once a second and gives a probe one second: when
 * PostgreSQL dies, {@code /health} says 503 within a few seconds, not after the connection pool's
 * 30-second wait for a connection.
 */
class HealthDeadDatabaseTest {
  @Test
  void healthReportsAStoppedPostgresqlWithinSeconds(@TempDir Path dir) throws Exception {
    RealPostgres pg = RealPostgres.start(dir);
    try (TestServer t = TestServer.start(dir, c -> c.withDatabaseUrl(pg.url()), pg.env())) {
      assertThat(t.get("/health", null).json()).containsEntry("status", "ok").containsEntry("database", "ok");
      pg.close(); // pg_ctl stop -m immediate: the server's pooled connections break, new ones are refused
      long t0 = System.nanoTime();
      TestServer.Response r = t.get("/health", null);
      while (r.status() != 503 && System.nanoTime() - t0 < 10_000_000_000L) {
        Thread.sleep(50);
        r = t.get("/health", null);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("/health said 503 " + ms + " ms after PostgreSQL stopped: " + r.body());
      assertThat(r.status()).as("after %d ms: %s", ms, r.body()).isEqualTo(503);
      assertThat(ms).as("generous bound; the pool alone would wait 30 s").isLessThan(10_000);
      assertThat(r.json()).containsEntry("status", "unavailable");
    }
  }
}
