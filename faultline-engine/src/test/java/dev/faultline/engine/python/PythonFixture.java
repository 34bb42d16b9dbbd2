package dev.faultline.engine.python;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.engine.provider.Executables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A real Python 3 for bridge tests: an interpreter wrapper that puts a temporary directory on
 * {@code PYTHONPATH}, and a module {@code faultline_bridge_fixture} in it. Tests that need it are
 * skipped when the machine has no {@code python3}.
 */
public final class PythonFixture {
  /** The module the fixture installs. */
  public static final String MODULE = "faultline_bridge_fixture";

  private static final String SOURCE = """
      import os
      import time


      def summary(name, count=1, configuration=None, secrets=None):
          print("noise on stdout must not spoil the answer")
          os.system("echo noise from a child process")
          return {
              "name": name,
              "count": count,
              "region": (configuration or {}).get("region"),
              "secrets": secrets,
              "values": [1, 2.5, None, True, (3, 4)],
          }


      def plain(x):
          return x * 2


      def strange():
          return {"when": object.__new__(Stamp)}


      class Stamp:
          def __str__(self):
              return "a stamp"


      def kaboom():
          raise RuntimeError("boom")


      def sleepy(pid_file):
          with open(pid_file, "w") as f:
              f.write(str(os.getpid()))
          time.sleep(30)
      """;

  private PythonFixture() {}

  /** The python3 on PATH; skips the calling test when there is none. */
  public static Path python3() {
    Optional<Path> python = Executables.find("python3");
    assumeTrue(python.isPresent(), "no python3 on PATH: the Python bridge cannot be tested here");
    return python.get();
  }

  /** Writes the module and the wrapper into {@code dir}; returns the wrapper, to use as interpreter. */
  public static Path interpreter(Path dir) throws IOException {
    Path python = python3();
    Path modules = Files.createDirectories(dir.resolve("modules"));
    Files.writeString(modules.resolve(MODULE + ".py"), SOURCE);
    Path wrapper = dir.resolve("python-with-fixture");
    Files.writeString(wrapper, "#!/bin/sh\nPYTHONPATH='" + modules + "' exec '" + python + "' \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return wrapper;
  }
}
