package dev.faultline.host.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.TestHost;
import dev.faultline.host.state.UndoStep;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop (recover, halt) reaches an attack whose {@code takeEffect()} is still running, e.g. a long disk fill. */
class StopWhileTakingEffectTest {
  private final TestHost host = new TestHost();

  /** Takes effect in steps of 10 ms, for at most 20 s, until asked to stop. */
  static final class SlowFault extends HostFault {
    final CountDownLatch taking = new CountDownLatch(1);
    volatile int steps;
    volatile boolean finishedAllSteps;

    SlowFault(HostContext context) {
      super(context, "host-test-slow", Map.of());
    }

    @Override
    protected List<UndoStep> plan() {
      return List.of();
    }

    @Override
    protected void takeEffect() {
      taking.countDown();
      for (steps = 0; steps < 2000 && !stopRequested(); steps++) {
        sleep(10);
      }
      finishedAllSteps = steps == 2000;
    }

    @Override
    public String target() {
      return "nothing";
    }
  }

  @Test
  void recoverStopsATakeEffectInProgress() throws Exception {
    SlowFault fault = new SlowFault(host.context);
    CompletableFuture<Void> applying = CompletableFuture.runAsync(() -> {
      try {
        fault.apply();
      } catch (FaultException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(fault.taking.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> recovering = CompletableFuture.runAsync(() -> {
      try {
        fault.recover("received SIGINT");
      } catch (FaultException e) {
        throw new IllegalStateException(e);
      }
    });
    recovering.get(10, TimeUnit.SECONDS);
    applying.get(10, TimeUnit.SECONDS);
    assertThat(fault.finishedAllSteps).as("take-effect ran to the end despite the stop").isFalse();
    assertThat(fault.ended().get(1, TimeUnit.SECONDS)).isEqualTo("received SIGINT");
    assertThat(host.journal().list()).isEmpty();
  }

  @Test
  void haltFromAnotherProcessStopsATakeEffectInProgress() throws Exception {
    SlowFault fault = new SlowFault(host.context);
    CompletableFuture<Void> applying = CompletableFuture.runAsync(() -> {
      try {
        fault.apply();
      } catch (FaultException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(fault.taking.await(10, TimeUnit.SECONDS)).isTrue();
    new HostRecovery(host.journal()).haltAll();
    applying.get(10, TimeUnit.SECONDS);
    assertThat(fault.finishedAllSteps).as("take-effect ran to the end despite the halt").isFalse();
    assertThat(fault.ended().get(5, TimeUnit.SECONDS)).isEqualTo("halted");
  }

  @Test
  void aStopBeforeApplyMeansApplyDoesNothing() throws Exception {
    SlowFault fault = new SlowFault(host.context);
    fault.recover("received SIGINT");
    assertThatThrownBy(fault::apply)
        .hasMessage("host-test-slow (nothing) was stopped before it took effect. Nothing was applied.");
    assertThat(fault.steps).isZero();
    assertThat(host.journal().list()).isEmpty();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
