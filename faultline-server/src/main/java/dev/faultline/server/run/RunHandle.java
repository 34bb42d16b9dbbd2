package dev.faultline.server.run;

import dev.faultline.engine.run.RunControl;
import dev.faultline.server.db.RunStore.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A run this server is executing (queued or running): its control, its events so far and the
 * streams that follow it. Subscribing and publishing share one lock, so a subscriber sees every
 * event exactly once: the backlog, then the live ones.
 */
public final class RunHandle {
  private final String id;
  private final RunControl control = new RunControl();
  private final List<StoredEvent> events = new ArrayList<>();
  private final List<RunStream> streams = new ArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private Map<String, Object> result;

  RunHandle(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public RunControl control() {
    return control;
  }

  /** Hands {@code stream} the events after {@code afterSeq}, then every new one, then the end. */
  public synchronized void subscribe(int afterSeq, RunStream stream) {
    for (StoredEvent e : events) {
      if (e.seq() > afterSeq) {
        stream.event(e);
      }
    }
    if (result != null) {
      stream.end(result);
    } else {
      streams.add(stream);
    }
  }

  public synchronized void unsubscribe(RunStream stream) {
    streams.remove(stream);
  }

  synchronized void publish(StoredEvent e) {
    events.add(e);
    for (RunStream s : List.copyOf(streams)) {
      s.event(e);
    }
  }

  synchronized void end(Map<String, Object> result) {
    this.result = result;
    for (RunStream s : List.copyOf(streams)) {
      s.end(result);
    }
    streams.clear();
    ended.countDown();
  }

  /** Waits until the run has ended and its result is stored; false on timeout. */
  public boolean awaitEnd(long timeoutMs) throws InterruptedException {
    return ended.await(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
