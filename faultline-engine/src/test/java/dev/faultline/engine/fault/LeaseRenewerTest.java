package dev.faultline.engine.fault;

import static dev.faultline.engine.fault.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.FaultException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run's lease renewer with fake renewals: rounds are driven by hand ({@code renewAll}) where
 * the test is about what a round does, and by the renewer's own thread where it is about timing.
 */
class LeaseRenewerTest {
  final List<String> warnings = new CopyOnWriteArrayList<>();
  final LeaseRenewer renewer = new LeaseRenewer(Duration.ofSeconds(3), (label, message) -> warnings.add(label + ": " + message));

  @AfterEach
  void close() {
    renewer.close();
  }

  @Test
  void renewsEveryThirdOfTheLeaseFromOneThread() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    LeaseRenewer fast = new LeaseRenewer(Duration.ofMillis(300), (label, message) -> warnings.add(message));
    try {
      assertThat(fast.period()).isEqualTo(Duration.ofMillis(100));
      fast.add("a", () -> {
        threads.add(Thread.currentThread().getName());
        first.incrementAndGet();
        return true;
      });
      fast.add("b", () -> {
        threads.add(Thread.currentThread().getName());
        second.incrementAndGet();
        return true;
      });
      await(() -> first.get() >= 3 && second.get() >= 3, Duration.ofSeconds(10));
    } finally {
      fast.close();
    }
    assertThat(threads).containsOnly("faultline-lease-renewer");
    int after = first.get();
    Thread.sleep(300);
    assertThat(first.get()).as("renewals after close").isEqualTo(after);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFailedRenewalIsReportedOnceAndTriedAgain() {
    AtomicInteger calls = new AtomicInteger();
    renewer.add("latency on p", () -> {
      if (calls.incrementAndGet() <= 3) {
        throw new FaultException("no answer #" + calls.get());
      }
      return true;
    });
    for (int round = 0; round < 5; round++) {
      renewer.renewAll();
    }
    assertThat(calls).hasValue(5);
    assertThat(warnings).containsExactly("latency on p: could not renew the lease (tried again every 1000 ms): no answer #1");
    assertThat(renewer.active()).containsExactly("latency on p");
  }

  @Test
  void noLeaseStopsTheRenewalsAndIsReportedEvenAfterAFailure() {
    AtomicInteger calls = new AtomicInteger();
    renewer.add("latency on p", () -> {
      if (calls.incrementAndGet() == 1) {
        throw new FaultException("no answer");
      }
      throw new NoLeaseException("the toxic is gone");
    });
    for (int round = 0; round < 4; round++) {
      renewer.renewAll();
    }
    assertThat(calls).hasValue(2);
    assertThat(warnings).containsExactly(
        "latency on p: could not renew the lease (tried again every 1000 ms): no answer",
        "latency on p: the toxic is gone");
    assertThat(renewer.active()).isEmpty();
  }

  @Test
  void theSameReasonIsReportedOnceForAllLeases() {
    for (String toxic : List.of("t1", "t2", "t3")) {
      renewer.add(toxic, () -> {
        throw new NoLeaseException("the server at http://x does not support leases");
      });
    }
    renewer.renewAll();
    assertThat(warnings).containsExactly("t1: the server at http://x does not support leases");
    assertThat(renewer.active()).isEmpty();
  }

  @Test
  void nothingLeftToRenewStopsQuietly() {
    AtomicInteger calls = new AtomicInteger();
    renewer.add("deleted by the experiment", () -> {
      calls.incrementAndGet();
      return false;
    });
    renewer.renewAll();
    renewer.renewAll();
    assertThat(calls).hasValue(1);
    assertThat(warnings).isEmpty();
    assertThat(renewer.active()).isEmpty();
  }

  @Test
  void aLeaseCancelledWhileItsRenewalFailsReportsNothing() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    LeaseRenewer.Registration registration = renewer.add("being recovered", () -> {
      inFlight.countDown();
      try {
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new NoLeaseException("toxic removed");
    });
    Thread round = new Thread(renewer::renewAll);
    round.start();
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
    registration.cancel();
    cancelled.countDown();
    round.join(10_000);
    assertThat(warnings).isEmpty();
    assertThat(registration.active()).isFalse();
  }

  @Test
  void aRuntimeExceptionIsAFailedRenewalNotTheEndOfTheRenewer() {
    AtomicInteger healthy = new AtomicInteger();
    renewer.add("broken", () -> {
      throw new IllegalStateException("bug");
    });
    renewer.add("healthy", () -> healthy.incrementAndGet() > 0);
    renewer.renewAll();
    renewer.renewAll();
    assertThat(healthy).hasValue(2);
    assertThat(warnings).singleElement().asString().startsWith("broken: could not renew the lease").endsWith("bug");
  }

  @Test
  void aClosedRenewerTakesNoNewLeases() {
    renewer.close();
    assertThatThrownBy(() -> renewer.add("late", () -> true)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
