package dev.faultline.engine.provider;

import java.util.Map;

/**
 * Where a provider reports what is wrong with its object in an experiment file. Paths are relative
 * to the provider object ({@code "timeout"}, {@code "arguments.path"}); the validator turns them
 * into {@code file:line:column} and the full document path.
 */
public interface ProviderValidation {

  /** The file cannot run as written. {@code message} says what was found and what was expected. */
  void error(String relativePath, String message);

  /** The file runs but probably not as its author meant. */
  void warning(String relativePath, String message);

  /**
   * Configuration values known at validation time (literals, and env references that resolve),
   * by key. Values that will only be known at run time are absent.
   */
  Map<String, Object> configuration();
}
