package dev.faultline.engine.run;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ActivityRef;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.Step;
import dev.faultline.core.target.FaultTarget;
import dev.faultline.core.time.DurationText;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ActivityProvider;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.target.TargetReader;
import dev.faultline.engine.target.TargetedFaults;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one activity the way Chaos Toolkit does: pause before, call the provider with substituted
 * properties, record the run entry, pause after (not counted in the duration). Only
 * {@link ActivityFailedException} makes an entry {@code failed}; anything else aborts the run.
 */
final class ActivityExecutor {
  private final Experiment experiment;
  private final ProviderRegistry providers;
  private final RunScope scope;
  private final Timeline timeline;
  private final DryMode dry;
  private final TargetedFaults targets;

  ActivityExecutor(Experiment experiment, ProviderRegistry providers, RunScope scope, Timeline timeline, DryMode dry,
      TargetedFaults targets) {
    this.experiment = experiment;
    this.providers = providers;
    this.scope = scope;
    this.timeline = timeline;
    this.dry = dry;
    this.targets = targets;
  }

  /** Thrown when a run cannot go on (an unknown reference, a provider bug): the run is aborted. */
  static final class AbortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbortException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The result of one activity: its journal entry and the parts the runner decides on.
   * {@code interrupted} means the run was interrupted during the activity: the entry is recorded
   * (as failed) and the caller must stop with {@link #throwIfInterrupted()}.
   */
  record Outcome(Activity activity, Map<String, Object> entry, boolean failed, Object output, boolean interrupted,
      boolean dry, boolean deviated) {
    void throwIfInterrupted() throws InterruptedException {
      if (interrupted) {
        throw new InterruptedException("interrupted during '" + activity.name() + "'");
      }
    }
  }

  /** Resolves a step to its activity (refs name method activities or hypothesis probes). */
  Activity resolve(Step step) {
    if (step instanceof Activity a) {
      return a;
    }
    ActivityRef ref = (ActivityRef) step;
    return experiment.findReferenceable(ref.name()).orElseThrow(() -> new AbortException(
        "reference to unknown activity '" + ref.name() + "' at " + ref.path(), null));
  }

  Outcome execute(Step step, Phase phase) throws InterruptedException {
    Activity activity = resolve(step);
    boolean skipped = dry.skips(activity.type());
    pause(activity, activity.pauses().before(), "before", skipped);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("phase", phase.wireName());
    attributes.put("type", activity.type().wireName());
    attributes.put("provider", activity.provider().type());
    attributes.put("background", activity.background());
    timeline.record(RunEventKind.ACTIVITY_STARTED, activity.name(), attributes);
    Instant start = Instant.now();
    long startNanos = System.nanoTime();
    Object output = null;
    String error = null;
    boolean interrupted = false;
    boolean deviated = false;
    Map<String, Object> targetRecord = null;
    Optional<FaultTarget> target;
    try {
      target = TargetReader.of(activity);
    } catch (IllegalArgumentException e) {
      // Validation reports bad targets before a run; only an experiment built in code gets here.
      throw new AbortException("activity '" + activity.name() + "': " + e.getMessage(), e);
    }
    if (skipped && target.isPresent()) {
      targetRecord = targets.dryRun(activity, target.get());
    } else if (!skipped) {
      try {
        ActivityProvider provider = providers.find(activity.provider().type()).orElseThrow();
        Map<String, Object> properties = scope.substitutor().substituteMap(activity.provider().properties());
        if (target.isPresent()) {
          TargetedFaults.Result r = targets.apply(activity, properties, target.get());
          output = r.output();
          targetRecord = r.record();
          error = r.error();
          deviated = r.deviated();
        } else {
          output = provider.run(properties, scope);
        }
      } catch (ActivityFailedException e) {
        error = e.getMessage();
      } catch (InterruptedException e) {
        error = "interrupted";
        interrupted = true;
      } catch (RuntimeException e) {
        throw new AbortException("activity '" + activity.name() + "' crashed: " + e, e);
      }
    }
    long endNanos = System.nanoTime();
    Instant end = Instant.now();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("activity", activity.document());
    entry.put("output", output);
    entry.put("start", JournalTime.format(start));
    entry.put("status", error == null ? "succeeded" : "failed");
    if (error != null) {
      entry.put("exception", List.of("chaoslib.exceptions.ActivityFailed: " + error + "\n"));
    }
    entry.put("end", JournalTime.format(end));
    entry.put("duration", JournalTime.seconds(startNanos, endNanos));
    if (targetRecord != null) {
      entry.put(TargetedFaults.JOURNAL_KEY, targetRecord);
    }
    Map<String, Object> ended = new LinkedHashMap<>(attributes);
    ended.put("status", entry.get("status"));
    ended.put("duration_ms", (endNanos - startNanos) / 1e6);
    if (skipped) {
      ended.put("dry", true);
    }
    if (error != null) {
      ended.put("error", error);
    }
    timeline.record(RunEventKind.ACTIVITY_ENDED, activity.name(), ended);
    if (!interrupted) {
      try {
        pause(activity, activity.pauses().after(), "after", skipped);
      } catch (InterruptedException e) {
        interrupted = true; // the activity ran: keep its entry, then stop
      }
    }
    return new Outcome(activity, entry, error != null, output, interrupted, skipped, deviated);
  }

  private void pause(Activity activity, Object raw, String when, boolean skipped) throws InterruptedException {
    if (raw == null || skipped || dry.skipsPauses()) {
      return;
    }
    Object value = scope.substitutor().substitute(raw);
    Duration d;
    try {
      d = DurationText.ofValue(value);
    } catch (IllegalArgumentException e) {
      throw new AbortException("pauses." + when + " of '" + activity.name() + "' is not a number of seconds: " + value, e);
    }
    if (d.isZero()) {
      return;
    }
    timeline.record(RunEventKind.PAUSE_STARTED, activity.name(), Map.of("when", when, "seconds", d.toMillis() / 1000.0));
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } finally {
      timeline.record(RunEventKind.PAUSE_ENDED, activity.name(), Map.of("when", when));
    }
  }
}
