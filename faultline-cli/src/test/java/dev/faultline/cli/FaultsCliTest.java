package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline faults} lists the fault types experiment files can use. */
class FaultsCliTest {
  @TempDir
  Path dir;

  @Test
  void listsFileMoveWithItsParameters() {
    CliProcess cli = CliProcess.run(dir, "faults");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    // The separator after the name is an em dash, which a non-UTF-8 locale prints differently.
    assertThat(cli.stdout().lines()).anyMatch(l -> l.startsWith("file-move ") && l.contains("Moves a file"));
    assertThat(cli.stdout()).contains("    path (path, required): ");
    assertThat(cli.stderr()).isEmpty();
  }
}
