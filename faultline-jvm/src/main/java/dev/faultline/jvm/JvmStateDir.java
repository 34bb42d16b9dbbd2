package dev.faultline.jvm;

import java.nio.file.Path;

/**
 * Where agents write their token files ({@code <pid>.token}): {@code ~/.faultline/jvm} unless the
 * system property {@code faultline.jvm.stateDir} or the environment variable
 * {@code FAULTLINE_JVM_STATE_DIR} names another directory.
 */
public final class JvmStateDir {
  private JvmStateDir() {}

  public static Path resolve() {
    String p = System.getProperty("faultline.jvm.stateDir");
    if (p == null || p.isBlank()) {
      p = System.getenv("FAULTLINE_JVM_STATE_DIR");
    }
    return p == null || p.isBlank() ? Path.of(System.getProperty("user.home"), ".faultline", "jvm") : Path.of(p);
  }
}
