package dev.faultline.host.process;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.state.AttackJournal;
import dev.faultline.host.state.UndoStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Freezes processes with SIGSTOP for the attack's length. Each pid (with its start time) is in the
 * state file before it is stopped, so every revert path, crash recovery included, sends SIGCONT.
 */
public final class PauseFault extends HostFault {
  /** How long apply waits for the kernel to show the targets stopped. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(1);
  private final ProcessSelector selector;
  private final AttackJournal journal;
  private List<ProcessInfo> paused = List.of();

  public PauseFault(HostContext context, Map<String, Object> parameters, ProcessSelector selector) {
    super(context, "host-pause", parameters);
    this.selector = selector;
    this.journal = context.journal();
  }

  @Override
  protected List<UndoStep> plan() throws FaultException {
    paused = selector.matches(FaultlineProcesses.of(journal));
    if (paused.isEmpty()) {
      throw new FaultException("no process matches " + selector.describe()
          + " (Faultline, its parent processes, the agent, guardians and other attacks' owners are never chosen); nothing was paused");
    }
    List<UndoStep> undo = new ArrayList<>();
    for (ProcessInfo p : paused) {
      undo.add(new UndoStep.ContinueProcess(p.pid(), p.startedAtMs()));
    }
    return undo;
  }

  @Override
  protected void takeEffect() throws FaultException {
    for (ProcessInfo p : paused) {
      if (!Signals.send(p.pid(), "SIGSTOP") && ProcessInfo.isAlive(p.pid(), p.startedAtMs())) {
        throw new FaultException("could not send SIGSTOP to pid " + p.pid() + " (" + p.name() + ")");
      }
    }
    awaitStopped();
  }

  /**
   * A stop takes effect when the process is next scheduled, a moment after kill(2) on a busy host:
   * wait (bounded) until the kernel shows every live target stopped, so an applied pause is in effect.
   */
  private void awaitStopped() {
    long deadlineNanos = System.nanoTime() + STOP_WAIT.toNanos();
    for (ProcessInfo p : paused) {
      while (!ProcessInfo.isStopped(p.pid()) && ProcessInfo.isAlive(p.pid(), p.startedAtMs())
          && System.nanoTime() < deadlineNanos) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The processes this attack stopped. */
  public List<ProcessInfo> paused() {
    return paused;
  }

  @Override
  public String target() {
    return selector.describe();
  }
}
