package dev.faultline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code /health} asks the database at most once per second, and still reports a dead one within about that. */
class HealthProbeTest {
  @Test
  void asksAtMostOncePerMaxAgeReportsADeadDatabaseAfterItAndForgetsOnInvalidate() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    AtomicBoolean dead = new AtomicBoolean();
    AtomicBoolean halted = new AtomicBoolean();
    HealthProbe probe = new HealthProbe(() -> {
      asked.incrementAndGet();
      if (dead.get()) {
        throw new IllegalStateException("Connection refused");
      }
      return halted.get();
    });
    for (int i = 0; i < 100; i++) {
      assertThat(probe.get().error()).isNull();
    }
    assertThat(asked.get()).isEqualTo(1);

    halted.set(true); // a halt through this server invalidates: seen at once
    probe.invalidate();
    assertThat(probe.get().halted()).isTrue();
    assertThat(asked.get()).isEqualTo(2);

    dead.set(true);
    long deadline = System.nanoTime() + (HealthProbe.MAX_AGE_MS + 5_000) * 1_000_000L;
    HealthProbe.Outcome o = probe.get();
    while (o.error() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
      o = probe.get();
    }
    assertThat(o.error()).isEqualTo("Connection refused");
    assertThat(asked.get()).isEqualTo(3);
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsReportedAfterTheProbeTimeoutNotWhenThePoolGivesUp() throws Exception {
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    HealthProbe probe = new HealthProbe(() -> {
      try {
        answer.await(30, java.util.concurrent.TimeUnit.SECONDS); // a pool waiting for a dead PostgreSQL
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    });
    long t0 = System.nanoTime();
    HealthProbe.Outcome o = probe.get();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(o.error()).isEqualTo("no answer within " + HealthProbe.PROBE_TIMEOUT_MS + " ms");
    assertThat(ms).as("answered after %d ms", ms).isLessThan(10_000); // not the 30 s the probe would hang
    answer.countDown(); // the database answers again: the next probe (after MAX_AGE_MS) says so
    long deadline = System.nanoTime() + (HealthProbe.MAX_AGE_MS + 5_000) * 1_000_000L;
    while (probe.get().error() != null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(probe.get().error()).isNull();
  }
}
