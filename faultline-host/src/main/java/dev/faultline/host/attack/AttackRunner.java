package dev.faultline.host.attack;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.time.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs host attacks for a length: creates the fault from its kind and parameters, applies it and
 * reverts it when the length ends. Used by {@code faultline attack} and the agent.
 */
public final class AttackRunner implements AutoCloseable {
  /** Shortest and longest attack length. */
  public static final Duration MIN_LENGTH = Duration.ofMillis(100);
  public static final Duration MAX_LENGTH = Duration.ofDays(7);
  private final FaultRegistry registry;
  private final Set<RunningAttack> running = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "faultline-attack-expiry");
    t.setDaemon(true);
    return t;
  });

  /** @param registry where {@code host-<kind>} fault types are looked up */
  public AttackRunner(FaultRegistry registry) {
    this.registry = registry;
  }

  /** The CLI kinds known, sorted. */
  public List<String> kinds() {
    return registry.types().stream().filter(t -> t instanceof HostFaultType)
        .map(t -> ((HostFaultType) t).kind()).sorted().toList();
  }

  /**
   * The fault type of a CLI kind.
   *
   * @throws IllegalArgumentException naming the known kinds
   */
  public HostFaultType type(String kind) {
    FaultType t = registry.find(HostFaultType.PREFIX + kind).orElse(null);
    if (!(t instanceof HostFaultType h)) {
      throw new IllegalArgumentException("unknown attack kind '" + kind + "'; known: " + String.join(", ", kinds()));
    }
    return h;
  }

  /**
   * Starts an attack; when this returns it is in effect and will revert after {@code length}.
   *
   * @throws InvalidFaultArgumentsException bad parameters (nothing applied)
   * @throws FaultException it could not take effect (nothing left applied)
   */
  public RunningAttack start(String kind, Map<String, Object> parameters, Duration length)
      throws InvalidFaultArgumentsException, FaultException {
    return start(kind, parameters, length, attack -> {});
  }

  /**
   * {@link #start(String, Map, Duration)}, handing the attack to {@code beforeApply} before it
   * starts taking effect, so a caller can point its Ctrl-C and shutdown handling at it: a stop
   * during a slow apply (a disk fill) ends it early and reverts what was done.
   */
  public RunningAttack start(String kind, Map<String, Object> parameters, Duration length,
      Consumer<RunningAttack> beforeApply) throws InvalidFaultArgumentsException, FaultException {
    if (length.compareTo(MIN_LENGTH) < 0 || length.compareTo(MAX_LENGTH) > 0) {
      throw new InvalidFaultArgumentsException(HostFaultType.PREFIX + kind, List.of("length: " + DurationText.format(length)
          + " is out of range; allowed " + DurationText.format(MIN_LENGTH) + " to 7d"));
    }
    HostFaultType type = type(kind);
    Fault created = type.create(new FaultArguments(type.name(), parameters));
    HostFault fault = (HostFault) created;
    Instant start = Instant.now();
    Instant end = start.plus(length);
    fault.expectEndAt(end);
    RunningAttack attack = new RunningAttack(fault, kind, start, end);
    beforeApply.accept(attack);
    fault.apply();
    running.add(attack);
    fault.ended().whenComplete((why, e) -> running.remove(attack));
    attack.expireWith(timers.schedule(() -> {
      try {
        attack.stop("length ended");
      } catch (FaultException e) {
        System.err.println("faultline: reverting " + fault.describe() + " reported: " + e.getMessage());
      }
    }, length.toNanos(), TimeUnit.NANOSECONDS));
    return attack;
  }

  /** Attacks started here and still in effect. */
  public List<RunningAttack> running() {
    return List.copyOf(running);
  }

  /** Reverts every attack started here. */
  public void stopAll() {
    running().parallelStream().forEach(a -> {
      try {
        a.stop();
      } catch (FaultException e) {
        System.err.println("faultline: reverting " + a.fault().describe() + " reported: " + e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    stopAll();
    timers.shutdownNow();
  }
}
