package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline server token create --team T --expires D} as a real process on a real embedded database. */
class ServerTokenCliTest {
  @Test
  void teamScopedExpiringTokensAreCreatedListedAndBadValuesRefused(@TempDir Path dir) {
    String data = dir.resolve("data").toString();
    CliProcess created = CliProcess.run(dir, "server", "token", "create", "--role", "operator", "--name", "pay-ci",
        "--team", "payments", "--expires", "30d", "--data", data);
    assertThat(created.exitCode()).as(created.describe()).isZero();
    assertThat(created.stdout().strip()).startsWith("flt_");
    assertThat(created.stderr()).contains("team payments").contains("expires 20");

    CliProcess listed = CliProcess.run(dir, "server", "token", "list", "--data", data);
    assertThat(listed.exitCode()).as(listed.describe()).isZero();
    assertThat(listed.stdout()).contains("TEAM").contains("EXPIRES").contains("payments").contains("pay-ci");

    CliProcess badTeam = CliProcess.run(dir, "server", "token", "create", "--role", "viewer", "--team", "Bad Team",
        "--data", data);
    assertThat(badTeam.exitCode()).isEqualTo(2);
    assertThat(badTeam.stderr()).contains("--team: 'Bad Team' is not a team name");
    CliProcess badExpiry = CliProcess.run(dir, "server", "token", "create", "--role", "viewer", "--expires", "10s",
        "--data", data);
    assertThat(badExpiry.exitCode()).isEqualTo(2);
    assertThat(badExpiry.stderr()).contains("--expires").contains("under a minute");
  }
}
