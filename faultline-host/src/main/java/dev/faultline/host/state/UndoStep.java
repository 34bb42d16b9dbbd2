package dev.faultline.host.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One thing to put back when an attack ends, written to the state file before the attack takes
 * effect, so a crashed attacker's leftovers can be reverted by any later Faultline process.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "undo")
@JsonSubTypes({
  @JsonSubTypes.Type(value = UndoStep.RemoveFile.class, name = "remove-file"),
  @JsonSubTypes.Type(value = UndoStep.ContinueProcess.class, name = "continue-process"),
  @JsonSubTypes.Type(value = UndoStep.KillMarkedProcesses.class, name = "kill-marked-processes"),
  @JsonSubTypes.Type(value = UndoStep.DeleteNftChains.class, name = "delete-nft-chains"),
  @JsonSubTypes.Type(value = UndoStep.DeleteQdisc.class, name = "delete-qdisc"),
  @JsonSubTypes.Type(value = UndoStep.RenameBack.class, name = "rename-back")
})
public sealed interface UndoStep {

  /** A file the attack creates (disk fill, IO scratch file). */
  record RemoveFile(String path) implements UndoStep {}

  /**
   * A process the attack stops with SIGSTOP; {@code startedAtMs} guards against continuing a
   * different process that reused the pid.
   */
  record ContinueProcess(long pid, long startedAtMs) implements UndoStep {}

  /** Helper processes the attack starts, found by the marker in their environment. */
  record KillMarkedProcesses(String marker) implements UndoStep {}

  /**
   * Chains the attack adds to Faultline's own table {@code inet faultline}, in network namespace
   * {@code netns} (empty: the host's). The table itself stays: another attack may be adding to it.
   */
  record DeleteNftChains(String netns, List<String> chains) implements UndoStep {}

  /** A root qdisc the attack installs on {@code device}, removed only while its handle is ours. */
  record DeleteQdisc(String netns, String device, String handle) implements UndoStep {}

  /**
   * A file or directory moved aside from {@code original} to {@code movedTo} ({@code file-move}),
   * renamed back only while {@code movedTo} exists and {@code original} does not.
   */
  record RenameBack(String original, String movedTo) implements UndoStep {}
}
