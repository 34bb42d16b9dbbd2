package dev.faultline.engine.target;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.Fleet;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.FaultTarget;
import dev.faultline.core.target.Target;
import dev.faultline.core.target.TargetSelection;
import dev.faultline.core.target.TargetSelector;
import dev.faultline.core.time.DurationText;
import dev.faultline.engine.fault.FaultEventSink;
import dev.faultline.engine.fault.FaultSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Runs fault activities that name a {@code target} (docs/targets.md): chooses agents from the
 * run's {@link Fleet} with a seeded draw, refuses what the safety nets forbid, applies the fault on
 * each chosen agent as a {@link SelfExpiringFault} through the run's fault session (so leases,
 * duration ends, run end, abort and signal recover it like any other fault), and grows a rollout
 * step by step while the steady state holds. What it chose and why is the activity's journal
 * entry extension {@value #JOURNAL_KEY} and {@link RunEventKind#TARGET_SELECTED} /
 * {@link RunEventKind#ROLLOUT_STEP} events.
 */
public final class TargetedFaults {
  /** The key on a run entry of the journal: an extension Chaos Toolkit readers ignore. */
  public static final String JOURNAL_KEY = "faultline_target";
  /** What a local run says where a fleet would be needed. */
  public static final String NO_FLEET = "no fleet is available: a fault activity with a 'target' runs on the agents "
      + "of a Faultline server; run the experiment there (faultline run FILE --server URL)";

  private final Fleet fleet;
  private final FaultSession faults;
  private final FaultEventSink events;
  private final SteadyStateCheck steadyState;
  private final LongSupplier seeds;
  private final String runId;

  /** The steady-state hypothesis, checked between rollout steps. */
  @FunctionalInterface
  public interface SteadyStateCheck {
    /** Runs the hypothesis once. */
    Check check() throws InterruptedException;
  }

  /**
   * One hypothesis check.
   *
   * @param met whether the steady state held
   * @param state the journal's state object ({@code steady_state_met}, {@code probes})
   */
  public record Check(boolean met, Map<String, Object> state) {}

  /**
   * What a targeted activity did.
   *
   * @param output the activity's output (null when it failed)
   * @param record the journal entry extension
   * @param error why the activity failed, or null
   * @param deviated a rollout stopped because the steady state did not hold
   */
  public record Result(Object output, Map<String, Object> record, String error, boolean deviated) {}

  /**
   * @param seeds the seed of each draw whose file fixes none
   */
  public TargetedFaults(Fleet fleet, FaultSession faults, FaultEventSink events, SteadyStateCheck steadyState,
      LongSupplier seeds) {
    this.fleet = fleet;
    this.faults = faults;
    this.events = events;
    this.steadyState = steadyState;
    this.seeds = seeds;
    this.runId = UUID.randomUUID().toString();
  }

  /** With fresh random seeds. */
  public TargetedFaults(Fleet fleet, FaultSession faults, FaultEventSink events, SteadyStateCheck steadyState) {
    this(fleet, faults, events, steadyState, () -> ThreadLocalRandom.current().nextLong());
  }

  /** The run id sent with every remote fault. */
  public String runId() {
    return runId;
  }

  /**
   * A dry run: which agents the activity would hit, without applying anything (nor checking the
   * safety nets' refusal into a failure: a dry run reports it).
   */
  public Map<String, Object> dryRun(Activity activity, FaultTarget target) {
    if (!fleet.available()) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("dry", true);
      record.put("fleet", "none");
      record.put("note", NO_FLEET);
      events.record(RunEventKind.TARGET_SELECTED, activity.name(), Map.of("dry", true, "error", NO_FLEET));
      return record;
    }
    Draw draw = draw(target);
    Map<String, Object> record = draw.record(true);
    draw.refusal().ifPresent(r -> record.put("would_be_refused", r));
    selected(activity, draw, true);
    return record;
  }

  /** Applies the activity's fault on its target's agents (a rollout grows step by step). */
  public Result apply(Activity activity, Map<String, Object> properties, FaultTarget target)
      throws InterruptedException {
    if (!fleet.available()) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("fleet", "none");
      events.record(RunEventKind.TARGET_SELECTED, activity.name(), Map.of("error", NO_FLEET));
      return new Result(null, record, NO_FLEET, false);
    }
    Draw draw = draw(target);
    Map<String, Object> record = draw.record(false);
    Optional<String> refusal = draw.refusal();
    if (refusal.isPresent()) {
      record.put("refused", refusal.get());
      selected(activity, draw, false);
      return new Result(null, record, refusal.get(), false);
    }
    selected(activity, draw, false);
    String faultType = String.valueOf(properties.get("fault"));
    Optional<Duration> duration = Optional.ofNullable(properties.get("duration")).map(DurationText::ofValue);
    RemoteFaultRequest request = new RemoteFaultRequest(runId, activity.name(), faultType,
        asMap(properties.get("parameters")), duration.orElse(null));
    List<Target> chosen = draw.selection().chosen();
    List<SelfExpiringFault> applied = new ArrayList<>();
    List<String> appliedOn = new ArrayList<>();
    List<Map<String, Object>> steps = new ArrayList<>();
    List<Integer> sizes = target.rollout().sizes(chosen.size());
    boolean rollout = !target.rollout().isEmpty();
    if (rollout) {
      record.put("rollout", steps);
    }
    int from = 0;
    for (int step = 0; step < sizes.size(); step++) {
      int size = sizes.get(step);
      List<String> added = new ArrayList<>();
      for (Target agent : chosen.subList(from, size)) {
        try {
          SelfExpiringFault fault = fleet.fault(agent, request);
          faults.apply(faultType + " on " + agent.id(), fault, duration);
          applied.add(fault);
          appliedOn.add(agent.id());
          added.add(agent.id());
        } catch (FaultException | RuntimeException e) {
          revert(applied, "the fault could not be applied on every chosen agent");
          record.put("applied", appliedOn);
          record.put("reverted", true);
          return new Result(null, record, "fault '" + faultType + "' could not be applied on agent '" + agent.id()
              + "': " + e.getMessage() + (applied.isEmpty() ? "" : "; the " + applied.size()
              + " already applied were reverted"), false);
        }
      }
      from = size;
      if (!rollout) {
        continue;
      }
      Check check = steadyState.check();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("step", step + 1);
      s.put("size", size);
      s.put("agents", added);
      s.put("steady_state_met", check.met());
      s.put("verdict", check.met() ? "held" : "violated");
      if (check.state() != null) {
        s.put("steady_state", check.state());
      }
      steps.add(s);
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("step", step + 1);
      event.put("of", sizes.size());
      event.put("size", size);
      event.put("agents", added);
      event.put("verdict", s.get("verdict"));
      events.record(RunEventKind.ROLLOUT_STEP, activity.name(), event);
      if (!check.met()) {
        revert(applied, "rollout stopped: the steady state did not hold");
        record.put("applied", appliedOn);
        record.put("reverted", true);
        record.put("stopped_at_step", step + 1);
        return new Result(null, record, "rollout stopped at step " + (step + 1) + " of " + sizes.size() + " ("
            + size + " of " + chosen.size() + " agents): the steady state did not hold; the fault was reverted on "
            + "every agent it was applied to", true);
      }
    }
    record.put("applied", appliedOn);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("fault", faultType);
    output.put("agents", appliedOn);
    output.put("seed", draw.selection().seed());
    duration.ifPresent(d -> output.put("duration_s", d.toMillis() / 1000.0));
    return new Result(output, record, null, false);
  }

  private void revert(List<SelfExpiringFault> applied, String reason) {
    for (int i = applied.size() - 1; i >= 0; i--) {
      faults.recover(applied.get(i), reason);
    }
  }

  private void selected(Activity activity, Draw draw, boolean dry) {
    TargetSelection s = draw.selection();
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("seed", s.seed());
    a.put("candidates", s.candidates());
    a.put("carrying_tags", s.carryingTags());
    a.put("matching", s.matching());
    a.put("chosen", s.chosenIds());
    if (!s.excluded().isEmpty()) {
      a.put("excluded_server_host", s.excluded().stream().map(Target::id).toList());
    }
    a.put("dry", dry);
    draw.refusal().ifPresent(r -> a.put(dry ? "would_be_refused" : "refused", r));
    events.record(RunEventKind.TARGET_SELECTED, activity.name(), a);
  }

  /** Draws the agents and checks the safety nets. */
  private Draw draw(FaultTarget target) {
    return draw(fleet, target, target.seed().orElseGet(seeds::getAsLong));
  }

  /**
   * What the safety nets would refuse of the experiment's targeted fault activities on {@code fleet}
   * as it is now, by the activity's {@code target} path ({@code method[2].target}); empty when
   * nothing would be refused (or there is no fleet). A server checks this when a run is submitted,
   * so the caller hears a refusal at once rather than from a failed activity; the run still checks
   * again when it applies (the fleet may have changed). The refusals do not depend on the draw's
   * seed: sizes, shares and the server's host do not.
   */
  public static Map<String, String> refusalsNow(dev.faultline.core.experiment.Experiment experiment, Fleet fleet) {
    Map<String, String> refused = new LinkedHashMap<>();
    if (!fleet.available()) {
      return refused;
    }
    for (dev.faultline.core.experiment.Step step : experiment.method()) {
      if (step instanceof Activity a && TargetReader.usesTarget(a)) {
        Optional<FaultTarget> target;
        try {
          target = TargetReader.of(a);
        } catch (IllegalArgumentException e) {
          refused.put(a.path() + ".target", e.getMessage());
          continue;
        }
        if (target.isEmpty() || target.get().unsafe()) {
          continue;
        }
        draw(fleet, target.get(), target.get().seed().orElse(0L)).refusal()
            .ifPresent(r -> refused.put(a.path() + ".target", "activity '" + a.name() + "': " + r));
      }
    }
    return refused;
  }

  private static Draw draw(Fleet fleet, FaultTarget target, long seed) {
    TargetSelector selector = target.selector();
    List<Target> agents = fleet.agents();
    Set<String> serverHost = new HashSet<>();
    for (Target agent : agents) {
      if (fleet.isServerHost(agent)) {
        serverHost.add(agent.id());
      }
    }
    // A random draw leaves the server's host out (the net would refuse the run on some seeds and not
    // others); 'all' and unsafe activities keep it, and the net refuses the first.
    Set<String> exclude = selector.mode() == TargetSelector.Mode.RANDOM && !target.unsafe() ? serverHost : Set.of();
    TargetSelection selection = selector.choose(agents, seed, exclude);
    List<String> refusals = new ArrayList<>();
    if (!target.unsafe()) {
      refusals.addAll(SafetyNets.check(selector, selection, serverHost));
    }
    return new Draw(target, selection, refusals);
  }

  private record Draw(FaultTarget target, TargetSelection selection, List<String> refusals) {
    Optional<String> refusal() {
      return refusals.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", refusals));
    }

    Map<String, Object> record(boolean dry) {
      Map<String, Object> r = new LinkedHashMap<>();
      if (dry) {
        r.put("dry", true);
      }
      r.put("seed", selection.seed());
      r.put("seed_from", target.seed().isPresent() ? "file" : "random");
      r.put("mode", target.selector().mode().wireName());
      r.put("candidates", selection.candidates());
      r.put("carrying_tags", selection.carryingTags());
      r.put("matching", selection.matching());
      r.put("chosen", selection.chosenIds());
      if (!selection.excluded().isEmpty()) {
        r.put("excluded_server_host", selection.excluded().stream().map(Target::id).toList());
      }
      r.put("unsafe", target.unsafe());
      if (!target.rollout().isEmpty()) {
        r.put("rollout_sizes", target.rollout().sizes(selection.chosen().size()));
      }
      return r;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
