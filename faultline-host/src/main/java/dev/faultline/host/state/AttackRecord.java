package dev.faultline.host.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Map;

/**
 * What the state file says about one active attack: enough to list it and to revert it from any
 * process, even after the attacker died.
 *
 * @param id short unique id, also used in nftables chain names and helper markers
 * @param kind the fault type name, e.g. {@code host-cpu}
 * @param target a few words saying what is attacked, e.g. {@code 2 cores at 50%}
 * @param parameters the attack's parameters as given
 * @param startedAtMs when the record was written (epoch ms)
 * @param endsAtMs when the attack is due to end (epoch ms), or 0 if it lasts until recovered
 * @param ownerPid the process holding the attack
 * @param ownerStartedAtMs that process's start time, so a reused pid is not taken for the owner
 * @param undo what to put back, in order
 * @param ownerLock the id of the owner's {@link OwnerLock}, whose lock is held while the owner
 *     lives; null in records written before owner locks (their owner is then looked up by pid)
 */
public record AttackRecord(
    String id,
    String kind,
    String target,
    Map<String, Object> parameters,
    long startedAtMs,
    long endsAtMs,
    long ownerPid,
    long ownerStartedAtMs,
    List<UndoStep> undo,
    String ownerLock) {

  @JsonCreator
  public AttackRecord {
    parameters = Map.copyOf(parameters);
    undo = List.copyOf(undo);
  }

  /** A record without an owner lock (as written before owner locks existed). */
  public AttackRecord(String id, String kind, String target, Map<String, Object> parameters, long startedAtMs,
      long endsAtMs, long ownerPid, long ownerStartedAtMs, List<UndoStep> undo) {
    this(id, kind, target, parameters, startedAtMs, endsAtMs, ownerPid, ownerStartedAtMs, undo, null);
  }

  /** The same record due to end at {@code endsAtMs}. */
  public AttackRecord withEndsAtMs(long endsAtMs) {
    return new AttackRecord(id, kind, target, parameters, startedAtMs, endsAtMs, ownerPid, ownerStartedAtMs, undo, ownerLock);
  }
}
