package dev.faultline.core.problem;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when an input has at least one {@link Problem.Severity#ERROR error}; carries every problem found. */
public final class InvalidInputException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public InvalidInputException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, errors and warnings, in document order. */
  public List<Problem> problems() {
    return problems;
  }
}
