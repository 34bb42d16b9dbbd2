package dev.faultline.jvmagent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every rule the agent holds, by id. Adds check everything first and change nothing when refused;
 * rules with a length are reverted when it ends (they stay listed as {@code expired} until cleared).
 */
final class RuleBook {
  private final Instrumentation inst;
  private final Instrumenter instrumenter;
  private final FaultPoints points;
  private final Map<Integer, Rule> rules = new LinkedHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "faultline-agent-timer");
    t.setDaemon(true);
    return t;
  });
  private int nextId = 1;

  RuleBook(Instrumentation inst) {
    this.inst = inst;
    this.instrumenter = new Instrumenter(inst);
    this.points = new FaultPoints(inst, instrumenter);
  }

  synchronized Rule add(RuleRequest r) throws RuleRefusedException {
    int id = nextId;
    Rule rule = create(id, r);
    nextId++;
    rules.put(id, rule);
    if (r.lengthMs > 0) {
      timer.schedule(rule::expire, r.lengthMs, TimeUnit.MILLISECONDS);
    }
    return rule;
  }

  private Rule create(int id, RuleRequest r) throws RuleRefusedException {
    switch (r.kind) {
      case "clock-skew":
        for (Rule existing : rules.values()) {
          if (existing instanceof ClockSkewRule && existing.state().equals("active")) {
            throw new RuleRefusedException("rule " + existing.id + " already skews the clock; clear it first");
          }
        }
        return ClockSkewRule.add(id, r, instrumenter);
      case "memory":
        return MemoryPressureRule.add(id, r);
      case "cpu":
        return new CpuBurnRule(id, r);
      case "kill":
        if (!r.targetsCode()) {
          return new KillNowRule(id, r);
        }
        return r.point != null ? points.add(id, r) : MethodRule.add(id, r, inst, instrumenter);
      default:
        return r.point != null ? points.add(id, r) : MethodRule.add(id, r, inst, instrumenter);
    }
  }

  synchronized List<Rule> list() {
    return new ArrayList<>(rules.values());
  }

  /** Reverts and forgets rule {@code id}; false when there is none. */
  synchronized boolean clear(int id) {
    Rule rule = rules.remove(id);
    if (rule == null) {
      return false;
    }
    rule.undo();
    return true;
  }

  /** Reverts and forgets every rule; returns their ids. */
  synchronized List<Integer> clearAll() {
    List<Integer> ids = new ArrayList<>(rules.keySet());
    for (int id : ids) {
      clear(id);
    }
    return ids;
  }
}
