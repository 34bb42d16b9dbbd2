package dev.faultline.engine.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link ProviderValidation} that keeps what providers report, for assertions. */
public final class CollectingValidation implements ProviderValidation {
  /** One reported problem. */
  public record Problem(boolean error, String path, String message) {}

  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Object> configuration;

  public CollectingValidation() {
    this(Map.of());
  }

  public CollectingValidation(Map<String, Object> configuration) {
    this.configuration = configuration;
  }

  @Override
  public void error(String relativePath, String message) {
    problems.add(new Problem(true, relativePath, message));
  }

  @Override
  public void warning(String relativePath, String message) {
    problems.add(new Problem(false, relativePath, message));
  }

  @Override
  public Map<String, Object> configuration() {
    return configuration;
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::error).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.error()).toList();
  }

  public List<Problem> all() {
    return List.copyOf(problems);
  }
}
