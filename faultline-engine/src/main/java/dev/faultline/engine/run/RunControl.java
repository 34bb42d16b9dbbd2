package dev.faultline.engine.run;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops a run from outside: a signal handler, a safeguard, a server. Interrupting sets the reason
 * and interrupts every thread working for the run, so sleeps and long processes end at once
 * (Chaos Toolkit waits for a pause to finish; Faultline does not).
 */
public final class RunControl {
  private final AtomicReference<String> interruptReason = new AtomicReference<>();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

  /** Stops the run; the first reason given wins. Safe to call from any thread, any number of times. */
  public void interrupt(String reason) {
    interruptReason.compareAndSet(null, reason);
    workers.forEach(Thread::interrupt);
  }

  /** Whether {@link #interrupt} was called. */
  public boolean interrupted() {
    return interruptReason.get() != null;
  }

  /** Why the run was interrupted, or null. */
  public String reason() {
    return interruptReason.get();
  }

  void register(Thread t) {
    workers.add(t);
    if (interrupted()) {
      t.interrupt();
    }
  }

  void unregister(Thread t) {
    workers.remove(t);
  }
}
