package dev.faultline.engine.run;

import dev.faultline.core.RunStatus;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ActivityType;
import dev.faultline.core.experiment.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the method: activities in order, background ones on their own threads (awaited at the
 * end). A failed activity does not stop the method; fail-fast, an abort or an interrupt does.
 */
final class MethodRunner {
  private final ActivityExecutor executor;
  private final RunControl control;
  private final ExperimentRunner.RunState state;
  private final Timeline timeline;

  MethodRunner(ActivityExecutor executor, Timeline timeline, RunControl control, ExperimentRunner.RunState state) {
    this.executor = executor;
    this.timeline = timeline;
    this.control = control;
    this.state = state;
  }

  void run(List<Step> method) throws InterruptedException {
    ExecutorService background = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(() -> {
        control.register(Thread.currentThread());
        try {
          r.run();
        } finally {
          control.unregister(Thread.currentThread());
        }
      }, "faultline-background");
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> pending = new ArrayList<>();
    try {
      for (Step step : method) {
        if (control.interrupted()) {
          throw new InterruptedException(control.reason());
        }
        if (state.status.get() != RunStatus.COMPLETED) {
          break; // fail-fast or abort
        }
        Activity activity = executor.resolve(step);
        int slot = state.reserveRunSlot();
        if (activity.background()) {
          pending.add(background.submit(() -> {
            ActivityExecutor.Outcome outcome = executor.execute(activity, Phase.METHOD);
            state.fillRunSlot(slot, outcome.entry());
            deviate(outcome);
            outcome.throwIfInterrupted();
            return null;
          }));
        } else {
          ActivityExecutor.Outcome outcome = executor.execute(activity, Phase.METHOD);
          state.fillRunSlot(slot, outcome.entry());
          deviate(outcome);
          outcome.throwIfInterrupted();
          if (activity.type() == ActivityType.PROBE && !outcome.failed()) {
            // Method probes have no tolerance (Chaos Toolkit ignores it) but their values belong on the chart.
            ProbeValues.record(timeline, activity, Phase.METHOD, outcome.output(), null, null);
          }
        }
      }
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof ActivityExecutor.AbortException abort) {
            throw abort;
          }
          if (!(e.getCause() instanceof InterruptedException)) {
            throw new ActivityExecutor.AbortException("background activity crashed: " + e.getCause(), e.getCause());
          }
        }
      }
    } finally {
      // An abort or interrupt leaves background activities running: stop them and wait, so none
      // applies a fault after recovery or writes its journal slot after the journal.
      background.shutdownNow();
      boolean interrupted = Thread.interrupted();
      try {
        background.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A rollout that stopped because the steady state did not hold found a deviation. */
  private void deviate(ActivityExecutor.Outcome outcome) {
    if (outcome.deviated()) {
      state.deviated = true;
    }
  }
}
