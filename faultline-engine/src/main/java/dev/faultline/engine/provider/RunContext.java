package dev.faultline.engine.provider;

import dev.faultline.engine.fault.FaultSession;
import java.util.Map;

/**
 * What a provider may use while it runs. Providers must answer a thread interrupt promptly
 * (Ctrl-C must end a run within two seconds, even in the middle of a long process).
 */
public interface RunContext {

  /** The resolved configuration, by key. */
  Map<String, Object> configuration();

  /** The resolved secrets, by scope then key. */
  Map<String, Map<String, Object>> secrets();

  /** The faults applied by this run; every one is recovered by the end of the run. */
  FaultSession faults();

  /** Engine-wide settings such as the Python interpreter for the bridge. */
  EngineSettings settings();
}
