package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main} registers only the verb a command line names (start-up cost); what a user sees
 * must not change: help lists every verb in order, {@code help VERB} and {@code VERB --help}
 * work, {@code --version} prints the version.
 */
class MainVerbsTest {
  @TempDir
  Path dir;

  @Test
  void helpListsEveryVerbInOrder() {
    CliProcess cli = CliProcess.run(dir, "--help");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    String commands = cli.stdout().substring(cli.stdout().indexOf("Commands:"));
    int previous = -1;
    for (String verb : Main.VERBS) {
      int at = commands.indexOf("\n  " + verb + " ");
      assertThat(at).as("'%s' listed after the previous verb in:\n%s", verb, commands).isGreaterThan(previous);
      previous = at;
    }
  }

  @Test
  void helpOfAVerbAndAVerbsOwnHelpShowItsUsage() {
    CliProcess help = CliProcess.run(dir, "help", "validate");
    CliProcess own = CliProcess.run(dir, "validate", "--help");

    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.stdout()).startsWith("Usage: faultline validate ");
    assertThat(own.exitCode()).as(own.describe()).isZero();
    assertThat(own.stdout()).isEqualTo(help.stdout());
  }

  @Test
  void versionPrintsTheVersionAlone() {
    CliProcess longForm = CliProcess.run(dir, "--version");
    CliProcess shortForm = CliProcess.run(dir, "-V");

    assertThat(longForm.exitCode()).as(longForm.describe()).isZero();
    assertThat(longForm.stdout()).isEqualTo("faultline 0.1.0\n");
    assertThat(longForm.stderr()).isEmpty();
    assertThat(shortForm.stdout()).isEqualTo("faultline 0.1.0\n");
  }

  @Test
  void aMisspeltVerbIsAUsageErrorThatSuggestsTheClosestVerb() {
    CliProcess cli = CliProcess.run(dir, "valdate", "x.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(Main.USAGE_ERROR);
    assertThat(cli.stderr()).contains("validate");
  }
}
