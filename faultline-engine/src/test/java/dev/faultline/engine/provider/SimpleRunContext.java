package dev.faultline.engine.provider;

import dev.faultline.core.fault.Fault;
import dev.faultline.engine.fault.FaultSession;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A {@link RunContext} with fixed configuration and secrets and no faults, for provider tests. */
public record SimpleRunContext(Map<String, Object> configuration, Map<String, Map<String, Object>> secrets,
    EngineSettings settings) implements RunContext {

  public static SimpleRunContext empty() {
    return new SimpleRunContext(Map.of(), Map.of(), new EngineSettings(Optional.empty()));
  }

  public static SimpleRunContext withConfiguration(Map<String, Object> configuration) {
    return new SimpleRunContext(configuration, Map.of(), new EngineSettings(Optional.empty()));
  }

  @Override
  public FaultSession faults() {
    return new FaultSession() {
      @Override
      public void apply(String label, Fault fault, Optional<Duration> duration) {
        throw new UnsupportedOperationException("provider tests apply no faults");
      }

      @Override
      public void recoverAll() {}
    };
  }
}
