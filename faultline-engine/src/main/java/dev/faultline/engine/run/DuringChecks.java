package dev.faultline.engine.run;

import dev.faultline.core.RunStatus;
import dev.faultline.core.experiment.Hypothesis;
import java.util.concurrent.TimeUnit;

/**
 * The during-method hypothesis (strategies {@code during-method-only} and {@code continuously}):
 * one background thread repeats the whole hypothesis, waiting the frequency after each check;
 * with fail-fast an unmet check fails the run and the method stops after its current activity.
 */
final class DuringChecks {
  private final Thread thread;
  private volatile boolean stopped;

  private DuringChecks(Hypothesis hypothesis, HypothesisRunner runner, RunOptions options, RunControl control,
      ExperimentRunner.RunState state) {
    this.thread = new Thread(() -> loop(hypothesis, runner, options, control, state), "faultline-hypothesis-during");
    this.thread.setDaemon(true);
  }

  static DuringChecks start(Hypothesis hypothesis, HypothesisRunner runner, RunOptions options, RunControl control,
      ExperimentRunner.RunState state) {
    DuringChecks d = new DuringChecks(hypothesis, runner, options, control, state);
    d.thread.start();
    return d;
  }

  private void loop(Hypothesis hypothesis, HypothesisRunner runner, RunOptions options, RunControl control,
      ExperimentRunner.RunState state) {
    control.register(Thread.currentThread());
    try {
      while (!stopped && state.status.get() == RunStatus.COMPLETED && !control.interrupted()) {
        HypothesisRunner.State s = runner.run(hypothesis, Phase.HYPOTHESIS_DURING);
        state.addDuring(s.journalState());
        if (!s.met() && options.failFast()) {
          state.status.compareAndSet(RunStatus.COMPLETED, RunStatus.FAILED);
          state.warnings.add("fail-fast: the steady state was not met during the method");
          return;
        }
        TimeUnit.NANOSECONDS.sleep(options.hypothesisFrequency().toNanos());
      }
    } catch (InterruptedException e) {
      // stopped at method end, or the run was interrupted
    } catch (ActivityExecutor.AbortException e) {
      state.abort(e.getMessage());
    } catch (RuntimeException e) {
      state.abort("the during-method hypothesis check crashed: " + e);
    } finally {
      control.unregister(Thread.currentThread());
    }
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join(); // the loop answers interrupts; every provider stops on one
  }
}
