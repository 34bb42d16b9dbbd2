package dev.faultline.host.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.host.state.AttackJournal;
import dev.faultline.host.state.AttackRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Faultline's own processes on this host, which kill and pause never choose: the local agent
 * (its pid is in {@code agent.json} in the state directory), every live process holding an
 * attack (the owners in the journal) and every guardian. Killing one would leave its attacks
 * unreverted until the next recovery; pausing one would freeze them.
 */
public final class FaultlineProcesses {
  /** The guardians' main class, found in their arguments (a name, to keep this package free of a cycle). */
  static final String GUARDIAN_MAIN = "dev.faultline.host.guard.Guardian";
  /** The agent's endpoint file, as the agent publishes it ({@code AgentEndpoint}). */
  static final String AGENT_INFO = "agent.json";

  private FaultlineProcesses() {}

  /** The pids of the agent and of live attack owners recorded in {@code journal}'s state directory. */
  public static Set<Long> of(AttackJournal journal) {
    Set<Long> pids = new HashSet<>();
    agentPid(journal.stateDirectory()).ifPresent(pids::add);
    for (AttackRecord r : journal.list()) {
      if (ProcessInfo.isAlive(r.ownerPid(), r.ownerStartedAtMs())) {
        pids.add(r.ownerPid());
      }
    }
    ProcessHandle.allProcesses()
        .filter(h -> h.info().arguments().map(a -> java.util.Arrays.asList(a).contains(GUARDIAN_MAIN)).orElse(false))
        .forEach(h -> pids.add(h.pid()));
    return pids;
  }

  private static java.util.Optional<Long> agentPid(Path stateDir) {
    try {
      Map<?, ?> info = new ObjectMapper().readValue(stateDir.resolve(AGENT_INFO).toFile(), Map.class);
      return info.get("pid") instanceof Number n ? java.util.Optional.of(n.longValue()) : java.util.Optional.empty();
    } catch (IOException | RuntimeException noAgent) {
      return java.util.Optional.empty();
    }
  }
}
