package dev.faultline.host.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The crash loop's body keeps being scheduled after it threw. */
class SurvivingTaskTest {

  @Test
  void aFailingRunIsReportedAndTheScheduleGoesOn() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch fifthRun = new CountDownLatch(1);
    Runnable body = () -> {
      int n = runs.incrementAndGet();
      if (n == 5) {
        fifthRun.countDown();
      }
      if (n <= 2) {
        throw new IllegalStateException("process 4242 vanished while it was read");
      }
    };
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    try {
      loop.scheduleWithFixedDelay(new SurvivingTask("the crash loop of attack 0a0b0c0d", body,
          new PrintStream(log, true, StandardCharsets.UTF_8)), 0, 10, TimeUnit.MILLISECONDS);
      assertThat(fifthRun.await(10, TimeUnit.SECONDS)).as("runs after two failures").isTrue();
    } finally {
      loop.shutdownNow();
    }
    assertThat(log.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2).allSatisfy(line -> assertThat(line)
        .isEqualTo("faultline: the crash loop of attack 0a0b0c0d failed this time and goes on: "
            + "java.lang.IllegalStateException: process 4242 vanished while it was read"));
  }
}
