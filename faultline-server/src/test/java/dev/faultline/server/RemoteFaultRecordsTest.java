package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.Database;
import dev.faultline.server.db.DatabaseLocation;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.RunStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault records of a targeted activity (one row per agent, by the engine's label) on the
 * embedded database and on a real PostgreSQL: applied, reverted by label, the placeholder dropped,
 * and what recovery says of the rows still active.
 */
class RemoteFaultRecordsTest {
  @Test
  void onH2(@TempDir Path dir) throws Exception {
    try (Database db = Database.open(DatabaseLocation.embedded(dir.resolve("data")))) {
      check(db);
    }
  }

  @Test
  void onPostgresql(@TempDir Path dir) throws Exception {
    try (RealPostgres pg = RealPostgres.start(dir);
         Database db = Database.open(DatabaseLocation.resolve(dir.resolve("data"), pg.url(), pg.env()))) {
      check(db);
    }
  }

  private static void check(Database db) {
    RunStore runs = new RunStore(db.jdbi());
    FaultStore faults = new FaultStore(db.jdbi());
    AuditLog audit = new AuditLog(db.jdbi());
    RunStore.RunRecord run = runs.insert(new RunStore.NewRun(null, null, "t", null, "alice (tok_1)", "srv_dead",
        "json", "{}", "{}"));
    runs.markRunning(run.id());
    String params = Json.write(Map.of("fault", "host-cpu", "parameters", Map.of("cores", 1)));
    faults.recordPendingRemote(run.id(), "cpu-on-two", "host-cpu", params, "alice");
    faults.recordRemoteApplied(run.id(), "cpu-on-two", "host-cpu on web-1", "web-1", params, "d1", "alice");
    faults.recordRemoteApplied(run.id(), "cpu-on-two", "host-cpu on web-2", "web-2", params, "d2", "alice");
    faults.dropPending(run.id(), "cpu-on-two");
    faults.markReverted(run.id(), "host-cpu on web-1", "d1", null);
    assertThat(faults.ofRun(run.id())).extracting(FaultStore.FaultRecord::fault, FaultStore.FaultRecord::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("host-cpu on web-1", "reverted"),
            org.assertj.core.groups.Tuple.tuple("host-cpu on web-2", "applied"));
    assertThat(faults.active()).singleElement()
        .satisfies(f -> assertThat(f.undo()).isEqualTo("{\"kind\":\"remote\",\"agent\":\"web-2\"}"));

    StartupRecovery.Outcome outcome = StartupRecovery.run(runs, faults, audit, FaultRegistry.installed());
    assertThat(outcome.orphaned()).isEmpty();
    List<FaultStore.FaultRecord> after = faults.ofRun(run.id());
    assertThat(after.get(1).state()).isEqualTo("reverted");
    assertThat(after.get(1).error()).contains("agent 'web-2'").contains("lease");
    assertThat(faults.active()).isEmpty();
  }
}
