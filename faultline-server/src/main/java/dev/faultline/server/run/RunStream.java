package dev.faultline.server.run;

import dev.faultline.server.db.RunStore.StoredEvent;
import java.util.Map;

/** Receives a live run's events as they are stored. Implementations must not block. */
public interface RunStream {
  void event(StoredEvent event);

  /** The run ended; {@code result} has run_id, status, deviated and verdict. */
  void end(Map<String, Object> result);
}
