package dev.faultline.host.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttackJournalTest {

  @Test
  void anUnreadableRecordIsSkippedWithAWarningNamingItAndTheOthersAreListed() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path stateDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "journal-");
    AttackJournal journal = new AttackJournal(stateDir);
    AttackRecord good = new AttackRecord("0a0b0c0d", "host-cpu", "1 core at 50%", Map.of("cores", 1), 1000, 0, 1, 1,
        List.of(new UndoStep.RemoveFile("/nonexistent")));
    journal.write(good);
    Path bad = stateDir.resolve("attacks").resolve("deadbeef.json");
    Files.writeString(bad, "{ \"id\": \"deadbeef\", \"undo\": [ {\"undo\": \"no-such-step\"} ] }");
    Path truncated = stateDir.resolve("attacks").resolve("0badf00d.json");
    Files.writeString(truncated, "{ \"id\": \"0badf0");

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    List<AttackRecord> listed;
    List<AttackRecord> listedAgain;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      listed = journal.list();
      listedAgain = journal.list();
    } finally {
      System.setErr(original);
    }
    assertThat(listed).containsExactly(good);
    assertThat(listedAgain).containsExactly(good);
    List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(warnings).as("one warning per bad file, not per listing").hasSize(2);
    assertThat(warnings).anySatisfy(w -> assertThat(w)
        .startsWith("faultline: warning: skipping unreadable attack state file " + bad + " (")
        .contains("no-such-step")
        .endsWith("); the attack it describes, if any, is not listed, halted or recovered. Check it, revert by hand "
            + "if needed, then delete the file."));
    assertThat(warnings).anySatisfy(w -> assertThat(w)
        .startsWith("faultline: warning: skipping unreadable attack state file " + truncated + " ("));
  }
}
