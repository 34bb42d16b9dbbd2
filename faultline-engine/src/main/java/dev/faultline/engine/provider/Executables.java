package dev.faultline.engine.provider;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves a program name the way a shell does ({@code shutil.which} in Chaos Toolkit). */
public final class Executables {
  private Executables() {}

  /** The executable file {@code name} names: itself when it contains a slash, else the first on PATH. */
  public static Optional<Path> find(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    if (name.contains(File.separator)) {
      Path p = Path.of(name);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
