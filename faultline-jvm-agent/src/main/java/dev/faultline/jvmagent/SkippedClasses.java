package dev.faultline.jvmagent;

import java.util.ArrayList;
import java.util.List;

/**
 * Classes an installation left unchanged because they could not be rewritten (e.g. a generic
 * signature naming a type missing from the class path: {@code TypeNotPresentException}). A class
 * (not a record): the agent is compiled for Java 11.
 */
final class SkippedClasses {
  static final int EXAMPLES = 3;
  static final SkippedClasses NONE = new SkippedClasses(0, "");

  private final int count;
  private final String examples;

  private SkippedClasses(int count, String examples) {
    this.count = count;
    this.examples = examples;
  }

  /** From "class: reason" lines, keeping the first {@link #EXAMPLES}. */
  static SkippedClasses of(List<String> errors) {
    List<String> first = new ArrayList<>(errors.subList(0, Math.min(EXAMPLES, errors.size())));
    return new SkippedClasses(errors.size(), String.join("; ", first));
  }

  /** How many classes were skipped. */
  int count() {
    return count;
  }

  /** Up to {@link #EXAMPLES} of them, "name: reason", separated by "; ". */
  String examples() {
    return examples;
  }
}
