package dev.faultline.host.process;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.time.DurationText;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.state.AttackJournal;
import dev.faultline.host.state.UndoStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a signal to one, N or all matching processes; with an interval, keeps doing so for the
 * attack's length (a crash loop for whatever restarts them). A kill cannot be undone: the revert
 * stops the loop.
 */
public final class KillFault extends HostFault {
  private final ProcessSelector selector;
  private final AttackJournal journal;
  private final String signal;
  private final int count;
  private final Optional<Duration> interval;
  private final AtomicLong signalled = new AtomicLong();
  private ScheduledExecutorService loop;

  /** @param count how many matches to signal each time; 0 = all */
  public KillFault(HostContext context, Map<String, Object> parameters, ProcessSelector selector, String signal,
      int count, Optional<Duration> interval) {
    super(context, "host-kill", parameters);
    this.selector = selector;
    this.journal = context.journal();
    this.signal = signal;
    this.count = count;
    this.interval = interval;
  }

  @Override
  protected List<UndoStep> plan() throws FaultException {
    if (selector.matches(FaultlineProcesses.of(journal)).isEmpty()) {
      throw new FaultException(noMatch());
    }
    return List.of();
  }

  @Override
  protected synchronized void takeEffect() throws FaultException {
    if (signalMatches() == 0) {
      throw new FaultException(noMatch());
    }
    interval.ifPresent(every -> {
      loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faultline-kill-loop-" + id());
        t.setDaemon(true);
        return t;
      });
      loop.scheduleWithFixedDelay(new SurvivingTask("the crash loop of attack " + id(), this::signalMatches),
          every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    });
  }

  @Override
  protected synchronized void stopInProcessWork() {
    if (loop != null) {
      loop.shutdownNow();
    }
  }

  /** Signals sent so far. */
  public long signalsSent() {
    return signalled.get();
  }

  private int signalMatches() {
    List<ProcessInfo> matches = selector.matches(FaultlineProcesses.of(journal));
    int n = count == 0 ? matches.size() : Math.min(count, matches.size());
    int sent = 0;
    for (ProcessInfo p : matches.subList(0, n)) {
      if (Signals.send(p.pid(), signal)) {
        sent++;
      }
    }
    signalled.addAndGet(sent);
    return sent;
  }

  private String noMatch() {
    return "no process matches " + selector.describe() + " (Faultline, its parent processes, the agent, guardians and other attacks' owners are never chosen); "
        + "nothing was signalled";
  }

  @Override
  public String target() {
    return signal + " to " + (count == 0 ? "all" : count == 1 ? "one of the" : count + " of the") + " " + selector.describe()
        + interval.map(d -> ", every " + DurationText.format(d)).orElse("");
  }
}
