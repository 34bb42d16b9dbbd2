package dev.faultline.engine.target;

import dev.faultline.core.experiment.Activity;
import dev.faultline.core.target.FaultTarget;
import dev.faultline.core.target.Rollout;
import dev.faultline.core.target.TargetSelector;
import dev.faultline.engine.validate.Problems;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Faultline's target extension on fault activities (docs/targets.md): {@code "target"},
 * {@code "unsafe"} and {@code "rollout"} next to an activity's {@code provider}. Plain Chaos
 * Toolkit files have none of these keys and are not affected. Every problem is reported, each at
 * its document path (so at its file:line:column).
 *
 * <p>A target narrows a blast radius, so its mistakes are errors, never ignored: an unknown key
 * such as {@code "tag"} would otherwise widen the radius to every agent.
 */
public final class TargetReader {
  /** The activity keys this extension owns. */
  public static final Set<String> ACTIVITY_KEYS = Set.of("target", "unsafe", "rollout");
  private static final Set<String> TARGET_KEYS = Set.of("tags", "names", "count", "percent", "mode", "seed");
  private static final Pattern PERCENT = Pattern.compile("\\s*(\\d{1,3})\\s*%\\s*");
  /** A bound on names and steps: far above any real file, low enough that validation stays cheap. */
  static final int MAX_ITEMS = 10_000;

  /** Where problems go: the validator's problem list (file:line:column from the path). */
  @FunctionalInterface
  public interface Sink {
    void error(String path, String message);
  }

  private TargetReader() {}

  /**
   * The validator's hook: checks every activity of the document that uses the extension. Targets
   * belong on method activities with a {@code fault} provider; a rollout needs a steady-state
   * hypothesis to check between its steps.
   */
  public static void checkExperiment(Map<String, Object> root, Sink sink) {
    boolean hasHypothesis = root.get("steady-state-hypothesis") instanceof Map<?, ?> h
        && h.get("probes") instanceof List<?> probes && !probes.isEmpty();
    forEachActivity(root.get("method"), "method", (activity, path) -> read(activity, path, hasHypothesis, sink));
    forEachActivity(root.get("rollbacks"), "rollbacks", (activity, path) -> misplaced(activity, path, "a rollback", sink));
    if (root.get("steady-state-hypothesis") instanceof Map<?, ?> h) {
      forEachActivity(h.get("probes"), "steady-state-hypothesis.probes",
          (activity, path) -> misplaced(activity, path, "a steady-state probe", sink));
    }
  }

  /** The target of a validated activity, if it has one (run time). */
  public static Optional<FaultTarget> of(Activity activity) {
    Map<String, Object> doc = activity.document();
    // Only method activities: validation refuses the keys elsewhere, except in controls' probes,
    // which it does not read, and where they mean nothing.
    if (!doc.containsKey("target") || !activity.path().startsWith("method[")) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    Optional<FaultTarget> t = read(doc, activity.path(), true, (path, message) -> problems.add(path + ": " + message));
    if (!problems.isEmpty()) {
      // Validation reports these before any run; an activity built in code can still get here.
      throw new IllegalArgumentException("invalid target: " + String.join("; ", problems));
    }
    return t;
  }

  /**
   * Checks a valid experiment against where it is about to run: without a fleet (a local run),
   * every targeted activity that would execute is an error, reported at its {@code target}.
   *
   * @param actionsSkipped a dry run that skips actions: it only shows selections, so it may run locally
   */
  public static void checkRunnable(dev.faultline.core.experiment.Experiment experiment,
      dev.faultline.core.fleet.Fleet fleet, boolean actionsSkipped, Sink sink) {
    if (fleet.available() || actionsSkipped) {
      return;
    }
    for (dev.faultline.core.experiment.Step step : experiment.method()) {
      if (step instanceof Activity a && usesTarget(a)) {
        sink.error(a.path() + ".target", "activity '" + a.name() + "' has a target: " + NO_FLEET_HINT);
      }
    }
  }

  private static final String NO_FLEET_HINT = "targets choose among the agents of a Faultline server, and this run has "
      + "no fleet; run it with --server URL (or try the selection with --dry actions there), or remove the target "
      + "to apply the fault here";

  /** Whether an activity uses the extension at all. */
  public static boolean usesTarget(Activity activity) {
    return activity.document().containsKey("target") && activity.path().startsWith("method[");
  }

  private interface ActivityVisitor {
    void visit(Map<String, Object> activity, String path);
  }

  @SuppressWarnings("unchecked")
  private static void forEachActivity(Object steps, String path, ActivityVisitor visitor) {
    if (!(steps instanceof List<?> list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> m && !m.containsKey("ref")) {
        visitor.visit((Map<String, Object>) m, path + "[" + i + "]");
      }
    }
  }

  private static void misplaced(Map<String, Object> activity, String path, String where, Sink sink) {
    for (String key : ACTIVITY_KEYS) {
      if (activity.containsKey(key)) {
        sink.error(path + "." + key, "'" + key + "' belongs on a fault action in the method; " + where
            + " cannot have one (move the activity to the method, or remove '" + key + "')");
      }
    }
  }

  /**
   * Reads one activity's extension keys, reporting every problem; empty when it has no target or
   * a problem.
   */
  static Optional<FaultTarget> read(Map<String, Object> activity, String path, boolean hasHypothesis, Sink sink) {
    boolean hasTarget = activity.containsKey("target");
    if (!hasTarget) {
      for (String key : List.of("unsafe", "rollout")) {
        if (activity.containsKey(key)) {
          sink.error(path + "." + key, "'" + key + "' applies to a fault activity with a 'target'; add a target "
              + "(e.g. \"target\": {\"tags\": {\"service\": \"checkout\"}, \"count\": 1}) or remove '" + key + "'");
        }
      }
      return Optional.empty();
    }
    boolean ok = true;
    if (!(activity.get("provider") instanceof Map<?, ?> provider) || !"fault".equals(provider.get("type"))) {
      sink.error(path + ".target", "a target sends a fault to agents, so the activity's provider must be of type "
          + "'fault' (e.g. {\"type\": \"fault\", \"fault\": \"host-cpu\", ...}); found "
          + (activity.get("provider") instanceof Map<?, ?> p ? "type '" + p.get("type") + "'" : "no fault provider"));
      ok = false;
    }
    boolean unsafe = false;
    if (activity.containsKey("unsafe")) {
      if (activity.get("unsafe") instanceof Boolean b) {
        unsafe = b;
      } else {
        sink.error(path + ".unsafe", "unsafe must be true or false; found " + describe(activity.get("unsafe")));
        ok = false;
      }
    }
    TargetSelector selector = null;
    Optional<Long> seed = Optional.empty();
    Object target = activity.get("target");
    if (!(target instanceof Map<?, ?> t)) {
      sink.error(path + ".target", "a target must be an object such as {\"tags\": {\"service\": \"checkout\"}, "
          + "\"count\": 2}; found " + describe(target));
      ok = false;
    } else {
      Reader r = new Reader(path + ".target", sink);
      selector = r.selector(t);
      seed = r.seed(t);
      ok &= r.ok;
    }
    Rollout rollout = Rollout.NONE;
    if (activity.containsKey("rollout")) {
      Reader r = new Reader(path + ".rollout", sink);
      rollout = r.rollout(activity.get("rollout"));
      if (r.ok && !hasHypothesis) {
        sink.error(path + ".rollout", "a rollout grows the blast radius only while the steady state holds, so the "
            + "experiment needs a steady-state-hypothesis with at least one probe (or remove 'rollout')");
        ok = false;
      }
      ok &= r.ok;
    }
    return ok && selector != null ? Optional.of(new FaultTarget(selector, seed, unsafe, rollout)) : Optional.empty();
  }

  /** Reads one target object or rollout list, noting whether it found a problem. */
  private static final class Reader {
    private final String path;
    private final Sink sink;
    boolean ok = true;

    Reader(String path, Sink sink) {
      this.path = path;
      this.sink = sink;
    }

    private void error(String at, String message) {
      ok = false;
      sink.error(at, message);
    }

    TargetSelector selector(Map<?, ?> t) {
      for (Object key : t.keySet()) {
        if (!TARGET_KEYS.contains(String.valueOf(key))) {
          error(path + "." + key, "unknown key '" + key + "' in a target; expected tags, names, count, percent, mode "
              + "or seed (an unknown key is an error here: ignoring it could widen the blast radius)");
        }
      }
      Map<String, String> tags = tags(t.get("tags"), t.containsKey("tags"));
      List<String> names = names(t.get("names"), t.containsKey("names"));
      Integer count = t.containsKey("count") ? integer(t.get("count"), "count", 1, Integer.MAX_VALUE,
          "the number of agents to hit, at least 1") : null;
      Integer percent = t.containsKey("percent") ? integer(t.get("percent"), "percent", 1, 100,
          "the share of the matching agents to hit, from 1 to 100") : null;
      if (t.containsKey("count") && t.containsKey("percent")) {
        error(path + ".percent", "give count or percent, not both");
      }
      TargetSelector.Mode mode = null;
      if (t.containsKey("mode")) {
        Object m = t.get("mode");
        if ("random".equals(m)) {
          mode = TargetSelector.Mode.RANDOM;
          if (!t.containsKey("count") && !t.containsKey("percent")) {
            error(path + ".mode", "mode random draws count or percent of the matching agents; add \"count\": N or "
                + "\"percent\": P (or use mode all)");
          }
        } else if ("all".equals(m)) {
          mode = TargetSelector.Mode.ALL;
          for (String key : List.of("count", "percent")) {
            if (t.containsKey(key)) {
              error(path + "." + key, "mode all hits every matching agent, so it takes no " + key
                  + "; remove it or use mode random");
            }
          }
        } else {
          error(path + ".mode", "mode must be \"random\" or \"all\"; found " + describe(m));
        }
      }
      if (tags.isEmpty() && names.isEmpty() && !t.containsKey("count") && !t.containsKey("percent")) {
        error(path, "a target needs at least one of tags, names, count or percent (an empty target would be every "
            + "agent of the fleet)");
      }
      if (!ok) {
        return null;
      }
      return new TargetSelector(tags, names, count, percent, mode);
    }

    Optional<Long> seed(Map<?, ?> t) {
      if (!t.containsKey("seed")) {
        return Optional.empty();
      }
      Object s = t.get("seed");
      if (s instanceof Integer || s instanceof Long || (s instanceof BigInteger b && b.bitLength() < 64)) {
        return Optional.of(((Number) s).longValue());
      }
      error(path + ".seed", "seed must be an integer (the random draw's seed, to repeat a selection); found "
          + describe(s));
      return Optional.empty();
    }

    private Map<String, String> tags(Object value, boolean present) {
      Map<String, String> tags = new LinkedHashMap<>();
      if (!present) {
        return tags;
      }
      if (!(value instanceof Map<?, ?> m)) {
        error(path + ".tags", "tags must be an object of tag names to values, e.g. {\"service\": \"checkout\", "
            + "\"zone\": \"a\"}; found " + describe(value));
        return tags;
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        String at = path + ".tags." + key;
        if (key.isBlank()) {
          error(at, "a tag name must not be blank");
        } else if (!(e.getValue() instanceof String v) || v.isEmpty()) {
          error(at, "a tag value must be a non-empty string (tags match exactly); found " + describe(e.getValue()));
        } else if (v.contains("${") || key.contains("${")) {
          error(at, "a target is not substituted; write the tag itself instead of '" + v + "'");
        } else {
          tags.put(key, v);
        }
      }
      return tags;
    }

    private List<String> names(Object value, boolean present) {
      List<String> names = new ArrayList<>();
      if (!present) {
        return names;
      }
      if (!(value instanceof List<?> list) || list.isEmpty()) {
        error(path + ".names", "names must be a non-empty list of agent names; found " + describe(value));
        return names;
      }
      if (list.size() > MAX_ITEMS) {
        error(path + ".names", "names lists at most " + MAX_ITEMS + " agents; found " + list.size());
        return names;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        Object n = list.get(i);
        String at = path + ".names[" + i + "]";
        if (!(n instanceof String s) || s.isBlank()) {
          error(at, "an agent name must be a non-empty string; found " + describe(n));
        } else if (s.contains("${")) {
          error(at, "a target is not substituted; write the agent's name itself instead of '" + s + "'");
        } else if (!seen.add(s)) {
          error(at, "agent '" + s + "' is named twice");
        } else {
          names.add(s);
        }
      }
      return names;
    }

    private Integer integer(Object v, String key, int min, int max, String expected) {
      long n;
      if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
        n = ((Number) v).longValue();
      } else if (v instanceof BigInteger b) {
        n = b.signum() * Long.MAX_VALUE;
      } else {
        error(path + "." + key, key + " must be an integer: " + expected + "; found " + describe(v));
        return null;
      }
      if (n < min || n > max) {
        error(path + "." + key, key + " must be " + expected + "; found " + v);
        return null;
      }
      return (int) n;
    }

    Rollout rollout(Object value) {
      if (!(value instanceof List<?> list) || list.isEmpty()) {
        error(path, "a rollout must be a non-empty list of cumulative sizes, e.g. [1, \"10%\", \"50%\"]; found "
            + describe(value));
        return Rollout.NONE;
      }
      if (list.size() > MAX_ITEMS) {
        error(path, "a rollout has at most " + MAX_ITEMS + " steps; found " + list.size());
        return Rollout.NONE;
      }
      List<Rollout.Step> steps = new ArrayList<>();
      Integer lastCount = null;
      Integer lastPercent = null;
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        String at = path + "[" + i + "]";
        Matcher m = item instanceof String s ? PERCENT.matcher(s) : null;
        if (item instanceof Integer || item instanceof Long || item instanceof BigInteger) {
          Number n = (Number) item;
          if (n instanceof BigInteger b ? b.signum() <= 0 || b.bitLength() > 31 : n.longValue() < 1
              || n.longValue() > Integer.MAX_VALUE) {
            error(at, "a rollout count must be a number of agents from 1 to " + Integer.MAX_VALUE + "; found " + item);
            continue;
          }
          int c = n.intValue();
          if (lastCount != null && c <= lastCount) {
            error(at, "rollout steps are cumulative sizes and must grow: " + c + " after " + lastCount);
          }
          lastCount = c;
          steps.add(Rollout.Step.count(c));
        } else if (m != null && m.matches()) {
          int p = Integer.parseInt(m.group(1));
          if (p < 1 || p > 100) {
            error(at, "a rollout percentage must be from 1% to 100%; found '" + item + "'");
            continue;
          }
          if (lastPercent != null && p <= lastPercent) {
            error(at, "rollout steps are cumulative sizes and must grow: " + p + "% after " + lastPercent + "%");
          }
          lastPercent = p;
          steps.add(Rollout.Step.percent(p));
        } else {
          error(at, "a rollout step is a number of agents (e.g. 1) or a percentage of the selection (e.g. \"10%\"); "
              + "found " + describe(item));
        }
      }
      return ok ? new Rollout(steps) : Rollout.NONE;
    }
  }

  /** A short description of a JSON value for messages; empty objects and lists say so. */
  static String describe(Object v) {
    if (v instanceof Map<?, ?> m && m.isEmpty()) {
      return "an empty object";
    }
    if (v instanceof List<?> l && l.isEmpty()) {
      return "an empty list";
    }
    return Problems.typeOf(v);
  }
}
