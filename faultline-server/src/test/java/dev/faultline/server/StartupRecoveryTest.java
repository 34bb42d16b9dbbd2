package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.Database;
import dev.faultline.server.db.DatabaseLocation;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up recovery on a real embedded database left as a dead server leaves it. */
class StartupRecoveryTest {
  @Test
  void runsLeftRunningAreInterruptedAndTheirFaultsRevertedOrExplained(@TempDir Path dir) throws Exception {
    Path original = Files.writeString(dir.resolve("config.yaml"), "x");
    Path moved = dir.resolve("config.yaml.faultline-moved");
    Files.move(original, moved); // as the dead server's file-move fault left it
    try (Database db = Database.open(DatabaseLocation.embedded(dir.resolve("data")))) {
      RunStore runs = new RunStore(db.jdbi());
      FaultStore faults = new FaultStore(db.jdbi());
      AuditLog audit = new AuditLog(db.jdbi());
      RunStore.RunRecord dead = runningOnDeadServer(runs);
      RunStore.RunRecord done = runs.insert(deadServersRun());
      runs.markEnded(done.id(), "completed", false, "completed", "{}");
      long revertible = faults.recordPending(dead.id(), "hide", "file-move",
          Json.write(Map.of("fault", "file-move", "parameters", Map.of("path", original.toString()))), "alice");
      faults.markApplied(dead.id(), "file-move", "moved " + original + " aside to " + moved);
      long placeholder = faults.recordPending(dead.id(), "hide2", "file-move",
          Json.write(Map.of("fault", "file-move", "parameters", Map.of("path", "${target}"))), "alice");

      StartupRecovery.Outcome outcome = StartupRecovery.run(runs, faults, audit, FaultRegistry.installed());

      assertThat(outcome.interruptedRuns()).containsExactly(dead.id());
      assertThat(runs.find(dead.id()).orElseThrow().status()).isEqualTo("interrupted");
      assertThat(runs.find(done.id()).orElseThrow().status()).isEqualTo("completed");
      assertThat(original).hasContent("x");
      assertThat(moved).doesNotExist();
      List<FaultStore.FaultRecord> after = faults.ofRun(dead.id());
      assertThat(after).filteredOn(f -> f.id() == revertible).singleElement()
          .satisfies(f -> assertThat(f.state()).isEqualTo("reverted"));
      assertThat(after).filteredOn(f -> f.id() == placeholder).singleElement().satisfies(f -> {
        assertThat(f.state()).isEqualTo("orphaned");
        assertThat(f.error()).contains("placeholders");
      });
      assertThat(faults.active()).isEmpty();
      List<AuditLog.Entry> entries = audit.list(new AuditLog.Filter("system", null, null, null, 100));
      assertThat(entries).extracting(AuditLog.Entry::kind).contains("run.interrupt", "fault.revert", "fault.orphan");

      // a second start finds nothing left to do
      StartupRecovery.Outcome again = StartupRecovery.run(runs, faults, audit, FaultRegistry.installed());
      assertThat(again.interruptedRuns()).isEmpty();
      assertThat(again.reverted()).isEmpty();
    }
  }

  /**
   * A targeted activity's faults are on fleet agents: recovery must not rebuild them here (a
   * file-move rebuilt locally would move this host's file back), and says the agent's lease reverts them.
   */
  @Test
  void faultsOnFleetAgentsAreLeftToTheAgentsLeasesAndSaidSo(@TempDir Path dir) throws Exception {
    Path original = dir.resolve("config.yaml");
    Path moved = Files.writeString(dir.resolve("config.yaml.faultline-moved"), "x"); // this host's own, not the run's
    try (Database db = Database.open(DatabaseLocation.embedded(dir.resolve("data")))) {
      RunStore runs = new RunStore(db.jdbi());
      FaultStore faults = new FaultStore(db.jdbi());
      AuditLog audit = new AuditLog(db.jdbi());
      RunStore.RunRecord dead = runningOnDeadServer(runs);
      String params = Json.write(Map.of("fault", "file-move", "parameters", Map.of("path", original.toString())));
      long placeholder = faults.recordPendingRemote(dead.id(), "hide-on-two", "file-move", params, "alice");
      long onAgent = faults.recordRemoteApplied(dead.id(), "hide-on-two", "file-move on agent-1", "agent-1", params,
          "file-move on agent 'agent-1' [ff_1]", "alice");

      StartupRecovery.Outcome outcome = StartupRecovery.run(runs, faults, audit, FaultRegistry.installed());

      assertThat(moved).as("nothing reverted on this host").hasContent("x");
      assertThat(original).doesNotExist();
      assertThat(outcome.orphaned()).isEmpty();
      List<FaultStore.FaultRecord> after = faults.ofRun(dead.id());
      assertThat(after).filteredOn(f -> f.id() == onAgent).singleElement().satisfies(f -> {
        assertThat(f.state()).isEqualTo("reverted");
        assertThat(f.error()).startsWith("not reverted from here").contains("agent 'agent-1'").contains("lease")
            .contains("/api/v1/agents/agent-1");
      });
      assertThat(after).filteredOn(f -> f.id() == placeholder).singleElement()
          .satisfies(f -> assertThat(f.error()).startsWith("not reverted from here").contains("fleet agents"));
      assertThat(faults.active()).isEmpty();
    }
  }

  @Test
  void databaseUrlsWithPasswordsOrWithoutCredentialsAreRefused(@TempDir Path dir) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseLocation.resolve(dir,
            "jdbc:postgresql://db/f?user=u&password=secret", Map.of()))
        .hasMessageContaining("carries a password").hasMessageContaining("FAULTLINE_DB_PASSWORD");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseLocation.resolve(dir, "jdbc:postgresql://db/f",
            Map.of())).hasMessageContaining("FAULTLINE_DB_USER");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseLocation.resolve(dir, "jdbc:postgresql://db/f",
            Map.of("FAULTLINE_DB_USER", "u"))).hasMessageContaining("needs a password");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseLocation.resolve(dir, "jdbc:mysql://db/f",
            Map.of())).hasMessageContaining("unsupported URL");
  }

  /** A run the dead server "srv_dead" stored. */
  private static RunStore.NewRun deadServersRun() {
    return new RunStore.NewRun(null, null, "t", null, "alice (tok_1)", "srv_dead", "json", "{}", "{}");
  }

  /** A run the dead server left marked running. */
  private static RunStore.RunRecord runningOnDeadServer(RunStore runs) {
    RunStore.RunRecord run = runs.insert(deadServersRun());
    runs.markRunning(run.id());
    return run;
  }
}
