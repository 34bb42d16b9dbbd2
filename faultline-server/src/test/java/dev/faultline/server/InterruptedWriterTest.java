package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.db.Database;
import dev.faultline.server.db.DatabaseLocation;
import dev.faultline.server.db.RunStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's thread writes its events to the database and is interrupted when the run is aborted or
 * halted (the engine wakes pauses that way). An interrupt landing in the middle of an embedded-H2
 * file write used to close H2's file channel ({@code ClosedByInterruptException}) and with it the
 * whole database: every later request failed and the halted run's faults were not reverted
 * (found by {@code ControlPlaneBenchmark}'s halt trials). The database must survive it.
 */
class InterruptedWriterTest {
  @Test
  void interruptingAWritingThreadDoesNotCloseTheEmbeddedDatabase(@TempDir Path dir) throws Exception {
    try (Database db = Database.open(DatabaseLocation.resolve(dir.resolve("data"), null, Map.of()))) {
      RunStore runs = new RunStore(db.jdbi());
      String id = runs.insert(new RunStore.NewRun(null, null, "t", null, "test", "owner", "json", "{}", "{}")).id();
      AtomicInteger written = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        for (int seq = 1; seq <= 400; seq++) {
          try {
            runs.appendEvent(id, seq, "probe_value", "{\"event\":\"probe_value\",\"n\":" + seq + "}");
            written.incrementAndGet();
          } catch (RuntimeException e) {
            // An interrupted statement may fail on its own; the database must stay open for the next.
            failure.compareAndSet(null, e);
          }
        }
      });
      writer.start();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (writer.isAlive() && System.nanoTime() < deadline) {
        writer.interrupt();
        Thread.sleep(0, 200_000);
      }
      writer.join(60_000);
      assertThat(writer.isAlive()).isFalse();

      // Whatever the interrupts did to single statements, the database still answers.
      assertThat(runs.find(id)).isPresent();
      assertThat(runs.events(id, 0)).hasSizeGreaterThan(0);
      assertThat(written.get()).as("writes that succeeded; first failure: %s", failure.get()).isGreaterThan(300);
    }
  }
}
