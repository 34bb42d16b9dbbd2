package dev.faultline.engine.run;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ControlSpec;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.engine.control.SafeguardProbe;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.tolerance.ToleranceCheck;
import dev.faultline.engine.validate.SafeguardProbeReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Native {@code chaosaddons.controls.safeguards}: probes that end the run (status
 * {@code interrupted}) as soon as their tolerance fails. Blocking probes run before anything
 * else; background and repeating ones run on their own threads until the run ends.
 */
final class Safeguards implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  private Safeguards() {}

  static Safeguards start(Experiment experiment, ProviderRegistry providers, ActivityExecutor executor,
      HypothesisRunner checker, RunControl control, Timeline timeline) throws InterruptedException {
    Safeguards s = new Safeguards();
    try {
      s.startAll(experiment, providers, executor, checker, control, timeline);
    } catch (InterruptedException | RuntimeException e) {
      s.close(); // guards already spawned must not outlive a start that failed
      throw e;
    }
    return s;
  }

  private void startAll(Experiment experiment, ProviderRegistry providers, ActivityExecutor executor,
      HypothesisRunner checker, RunControl control, Timeline timeline) throws InterruptedException {
    for (ControlSpec c : experiment.controls()) {
      if (!"chaosaddons.controls.safeguards".equals(c.module())) {
        continue;
      }
      for (SafeguardProbe probe : SafeguardProbeReader.read(c, providers)) {
        switch (probe.mode()) {
          case NOW -> checkOnce(c, probe.probe(), executor, checker, control, timeline);
          case ONCE_IN_BACKGROUND -> spawn(() -> checkOnce(c, probe.probe(), executor, checker, control, timeline),
              control, timeline);
          case REPEATING -> spawn(() -> repeat(c, probe, executor, checker, control, timeline), control, timeline);
        }
        if (control.interrupted()) {
          throw new InterruptedException(control.reason());
        }
      }
    }
  }

  private interface Check {
    void run() throws InterruptedException;
  }

  private void spawn(Check check, RunControl control, Timeline timeline) {
    Thread t = new Thread(() -> {
      try {
        check.run();
      } catch (InterruptedException e) {
        // the run ended
      } catch (RuntimeException e) {
        // A guard that cannot run must not stop guarding in silence.
        timeline.record(RunEventKind.SAFEGUARD_TRIGGERED, "safeguard", Map.of("explanation",
            "the safeguard could not run its probe: " + e.getMessage()));
        control.interrupt("a safeguard could not run its probe: " + e.getMessage());
      }
    }, "faultline-safeguard");
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void repeat(ControlSpec control, SafeguardProbe probe, ActivityExecutor executor, HypothesisRunner checker,
      RunControl run, Timeline timeline) throws InterruptedException {
    Duration every = probe.frequency().orElseThrow();
    while (!closed && !run.interrupted()) {
      ActivityExecutor.Outcome outcome = executor.execute(probe.probe(), Phase.SAFEGUARD);
      outcome.throwIfInterrupted();
      Thread.sleep(every.toMillis());
      if (closed) {
        return;
      }
      judge(control, probe.probe(), outcome, checker, run, timeline);
    }
  }

  private void checkOnce(ControlSpec control, Activity probe, ActivityExecutor executor, HypothesisRunner checker,
      RunControl run, Timeline timeline) throws InterruptedException {
    ActivityExecutor.Outcome outcome = executor.execute(probe, Phase.SAFEGUARD);
    outcome.throwIfInterrupted();
    judge(control, probe, outcome, checker, run, timeline);
  }

  private void judge(ControlSpec control, Activity probe, ActivityExecutor.Outcome outcome, HypothesisRunner checker,
      RunControl run, Timeline timeline) throws InterruptedException {
    if (closed || outcome.dry()) {
      return; // the run ended, or a dry run did not execute the probe: nothing to judge
    }
    // A probe that raised has no output, so a `true` tolerance fails, as in Chaos Toolkit.
    ToleranceCheck check = checker.check(probe, outcome.failed() ? null : outcome.output());
    ProbeValues.record(timeline, probe, Phase.SAFEGUARD, outcome.output(), check.met(), check.explanation());
    if (!check.met()) {
      String reason = "Safeguard '" + probe.name() + "' triggered the end of the experiment: " + check.explanation();
      synchronized (this) {
        if (closed) {
          return; // the run already ended: a late verdict must not turn it into "interrupted"
        }
        timeline.record(RunEventKind.SAFEGUARD_TRIGGERED, probe.name(), Map.of("control", control.name(),
            "explanation", check.explanation()));
        run.interrupt(reason);
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
