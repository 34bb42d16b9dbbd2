package dev.faultline.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-written journals under {@code src/test/resources/journals}. */
final class Fixtures {
  static final String COMPLETED = "completed-run.json";
  static final String DEVIATED = "deviated-run.json";
  static final String FAILED = "failed-run.json";
  static final String INTERRUPTED = "interrupted-run.json";
  static final String CHAOSTOOLKIT = "chaostoolkit-plain.json";
  static final String[] ALL = {COMPLETED, DEVIATED, FAILED, INTERRUPTED, CHAOSTOOLKIT};

  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/journals/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JournalReport report(String name) {
    try {
      return JournalReport.read(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
