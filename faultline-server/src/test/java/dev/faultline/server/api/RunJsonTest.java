package dev.faultline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.server.Json;
import dev.faultline.server.db.RunStore.RunRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runs list writes each run with {@link RunRoutes#writeRun}; every other answer about a run
 * serialises {@link RunRoutes#run}'s map. Both must say the same, field for field, in the same order.
 */
class RunJsonTest {
  @Test
  void theWrittenRunEqualsTheMapOfTheRunWithValuesAndWithNulls() throws Exception {
    List<RunRecord> runs = List.of(
        new RunRecord("run_1", "exp_1", 3, "A \"quoted\" title, ünïcödé \u2028", "completed", true, "deviated: x",
            "actions", "tok_1 (alice)", 1_764_950_000_123L, 1_764_950_000_200L, 1_764_950_001_000L, "srv_1",
            "aborted by bob", "team-a", "srv_2"),
        new RunRecord("run_2", null, null, "queued", "queued", null, null, null, "tok_2 (bob)", 0L, null, null,
            null, null, null, null),
        new RunRecord("run_3", "exp_2", 1, "far future", "running", false, null, null, "x",
            300_000_000_000_000L, null, null, "srv", null, null, "srv"));
    for (RunRecord r : runs) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
        RunRoutes.writeRun(g, r, new char[Times.ISO_MAX_CHARS]);
      }
      String written = out.toString(StandardCharsets.UTF_8);
      JsonNode expected = Json.MAPPER.readTree(Json.write(RunRoutes.run(r)));
      JsonNode actual = Json.MAPPER.readTree(written);
      assertThat(actual).as(written).isEqualTo(expected);
      assertThat(names(actual)).isEqualTo(names(expected));
    }
  }

  @Test
  void aPageIsTheRunsAndAChangedRowIsNeverServedAsItWas() throws Exception {
    RunPage page = new RunPage();
    RunRecord running = new RunRecord("run_1", null, null, "t", "running", null, null, null, "x", 1_000L, 2_000L,
        null, "srv", null, null, "srv");
    RunRecord ended = new RunRecord("run_1", null, null, "t", "completed", false, "completed", null, "x", 1_000L,
        2_000L, 3_000L, "srv", null, null, "srv");
    RunRecord other = new RunRecord("run_2", "exp", 2, "u", "failed", true, "failed", null, "y", 500L, 600L, 700L,
        "srv", null, "team", "srv");
    for (List<RunRecord> runs : List.of(List.<RunRecord>of(), List.of(running, other), List.of(ended, other),
        List.of(running))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      page.write(runs, out);
      JsonNode expected = Json.MAPPER.readTree(Json.write(java.util.Map.of("runs",
          runs.stream().map(RunRoutes::run).toList())));
      assertThat(Json.MAPPER.readTree(out.toByteArray())).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  private static List<String> names(JsonNode n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
