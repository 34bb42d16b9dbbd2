package dev.faultline.jvmagent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Every rule the agent holds, by id. Adds check everything first and change nothing when refused.
 *
 * <p>Two locks: {@code changeLock} serialises the slow part (installing and removing
 * instrumentation), while the map of rules has its own short lock, so {@code rules}, {@code renew}
 * and {@code ping} answer while an add is still retransforming classes.
 *
 * <p>Expiry: one thread checks each rule when it is due to expire; a renewed rule is checked
 * again at its new expiry. An expired rule is removed exactly as {@code clear} removes it: its
 * effect stops at once (calls waiting in a latency are let go) and its instrumentation is
 * removed on the reverter thread, after any change in progress.
 */
final class RuleBook {
  /** How many ended rules are remembered, to say why a later renew or clear finds nothing. */
  private static final int ENDED_REMEMBERED = 256;
  /** Test hook: a pause after installing a rule, before it is committed (a slow retransformation). */
  static final String TEST_ADD_DELAY_PROPERTY = "faultline.agent.testAddDelayMs";

  private final Instrumentation inst;
  private final Instrumenter instrumenter;
  private final FaultPoints points;
  private final Object changeLock = new Object();
  /** Guarded by {@code this}. */
  private final Map<Integer, Rule> rules = new LinkedHashMap<>();
  /** Guarded by {@code this}: why rules that are gone went. */
  private final Map<Integer, String> ended = new LinkedHashMap<Integer, String>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
      return size() > ENDED_REMEMBERED;
    }
  };
  private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(daemon("faultline-agent-expiry"));
  private final ExecutorService reverter = Executors.newSingleThreadExecutor(daemon("faultline-agent-reverter"));
  /** Guarded by {@code changeLock}. */
  private int nextId = 1;

  RuleBook(Instrumentation inst) {
    this.inst = inst;
    this.instrumenter = new Instrumenter(inst);
    this.points = new FaultPoints(inst, instrumenter);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Installs {@code r} and starts it, unless {@code deadlineNanos} (the client's give-up time, as
   * {@link System#nanoTime()}; {@link Long#MAX_VALUE} for none) passes first: then the rule is rolled
   * back and never applied.
   */
  Rule add(RuleRequest r, long deadlineNanos) throws RuleRefusedException {
    synchronized (changeLock) {
      long waited = System.nanoTime();
      if (deadlineNanos != Long.MAX_VALUE && waited - deadlineNanos >= 0) {
        throw new RuleRefusedException("the add waited past its deadline (" + r.timeoutMs + " ms) for an earlier "
            + "change to finish; nothing was applied");
      }
      int id = nextId;
      Rule rule = create(id, r);
      long commit;
      try {
        testDelay();
        commit = System.nanoTime();
        if (deadlineNanos != Long.MAX_VALUE && commit - deadlineNanos >= 0) {
          rule.undo();
          throw new RuleRefusedException("installing the rule took longer than its deadline of " + r.timeoutMs
              + " ms (the client gives up then); it was rolled back and will not be applied");
        }
      } catch (RuntimeException e) {
        rule.undo();
        throw e;
      }
      nextId++;
      rule.start(commit);
      synchronized (this) {
        rules.put(id, rule);
      }
      scheduleExpiryCheck(rule);
      return rule;
    }
  }

  private static void testDelay() {
    long ms = Long.getLong(TEST_ADD_DELAY_PROPERTY, 0L);
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Rule create(int id, RuleRequest r) throws RuleRefusedException {
    switch (r.kind) {
      case "clock-skew":
        for (Rule existing : list()) {
          if (existing instanceof ClockSkewRule) {
            throw new RuleRefusedException("rule " + existing.id + " already skews the clock; clear it first");
          }
        }
        return ClockSkewRule.add(id, r, inst, instrumenter);
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

  private void scheduleExpiryCheck(Rule rule) {
    long at = rule.expiresAtNanos();
    if (at == Long.MAX_VALUE) {
      return;
    }
    expiry.schedule(() -> checkExpiry(rule), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** On the expiry thread: ends the rule if it is due, else checks again at its (renewed) expiry. */
  private void checkExpiry(Rule rule) {
    synchronized (this) {
      if (rules.get(rule.id) != rule) {
        return; // cleared meanwhile
      }
      if (!rule.expired(System.nanoTime())) {
        scheduleExpiryCheck(rule);
        return;
      }
    }
    endInBackground(rule, "it expired: " + rule.expiryReason());
  }

  /** Forgets {@code rule}, stops its effect now, and removes its instrumentation on the reverter. */
  private void endInBackground(Rule rule, String reason) {
    if (forget(rule, reason)) {
      rule.stop();
      reverter.execute(() -> {
        synchronized (changeLock) {
          rule.undo();
        }
      });
    }
  }

  /** Removes {@code rule} from the book, remembering why; false when someone else already did. */
  private synchronized boolean forget(Rule rule, String reason) {
    if (rules.get(rule.id) != rule) {
      return false;
    }
    rules.remove(rule.id);
    ended.put(rule.id, reason);
    return true;
  }

  synchronized List<Rule> list() {
    return new ArrayList<>(rules.values());
  }

  /**
   * Extends rule {@code id}'s lease by its full length from now.
   *
   * @return milliseconds until it now expires
   * @throws RuleRefusedException when there is no such rule (saying why it went, when known) or it has no lease
   */
  long renew(int id) throws RuleRefusedException {
    Rule rule;
    synchronized (this) {
      rule = rules.get(id);
      if (rule == null) {
        throw new RuleRefusedException(gone(id));
      }
      long now = System.nanoTime();
      if (!rule.expired(now)) {
        return rule.renew(now);
      }
    }
    // Expired a moment ago and the expiry thread has not removed it yet: a late renewal must not revive it.
    String reason = "it expired: " + rule.expiryReason();
    endInBackground(rule, reason);
    throw new RuleRefusedException("rule " + id + " is gone: " + reason);
  }

  private String gone(int id) {
    String why = ended.get(id);
    return why == null ? "no rule " + id + " in this JVM" : "rule " + id + " is gone: " + why;
  }

  /**
   * Reverts and forgets rule {@code id}, and returns once its instrumentation is removed.
   *
   * @throws RuleRefusedException when there is no such rule
   */
  void clear(int id) throws RuleRefusedException {
    Rule rule;
    synchronized (this) {
      rule = rules.get(id);
      if (rule == null) {
        throw new RuleRefusedException(gone(id));
      }
    }
    if (forget(rule, "it was cleared")) {
      rule.stop(); // at once, even while an add holds the change lock
      synchronized (changeLock) {
        rule.undo();
      }
    }
  }

  /** Reverts and forgets every rule; returns their ids. */
  List<Integer> clearAll() {
    List<Integer> ids = new ArrayList<>();
    for (Rule rule : list()) {
      if (forget(rule, "it was cleared")) {
        rule.stop();
        ids.add(rule.id);
        synchronized (changeLock) {
          rule.undo();
        }
      }
    }
    return ids;
  }
}
