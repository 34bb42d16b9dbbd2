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

  /** {@code count} classes, of which {@code examples} are "class: reason" lines (the first {@link #EXAMPLES} kept). */
  static SkippedClasses of(int count, List<String> examples) {
    List<String> first = new ArrayList<>(examples.subList(0, Math.min(EXAMPLES, examples.size())));
    return new SkippedClasses(count, String.join("; ", first));
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
