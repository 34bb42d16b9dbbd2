package dev.faultline.jvm;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent rule in a target JVM as an experiment fault: {@link #apply()} attaches if needed and
 * adds the rule; {@link #recover()} clears it, which restores the original bytecode. A JVM that has
 * gone (a kill rule did its job) counts as recovered.
 */
public final class JvmFault implements Fault {
  private final JvmTarget target;
  private final JvmRule rule;
  private final java.nio.file.Path stateDir;
  private JvmAgentClient client;
  private Integer ruleId;

  /**
   * @param target which JVM
   * @param rule the rule to add
   * @param stateDir where agents keep token files ({@link JvmStateDir#resolve()})
   */
  public JvmFault(JvmTarget target, JvmRule rule, java.nio.file.Path stateDir) {
    this.target = target;
    this.rule = rule;
    this.stateDir = stateDir;
  }

  @Override
  public synchronized void apply() throws FaultException {
    try {
      client = JvmAgentClient.forPid(target.resolvePid(stateDir), stateDir);
      ruleId = client.add(rule);
    } catch (JvmAgentException e) {
      throw new FaultException("jvm fault on " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void recover() throws FaultException {
    if (ruleId == null) {
      return;
    }
    int id = ruleId;
    ruleId = null;
    if (ProcessHandle.of(client.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        client.clear(id);
      } catch (JvmAgentException e) {
        if (ProcessHandle.of(client.pid()).map(ProcessHandle::isAlive).orElse(false)
            && !e.getMessage().startsWith("no rule ")) {
          throw new FaultException("could not clear rule " + id + " in JVM " + client.pid() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    rule.fields().forEach((k, v) -> parts.add(k + "=" + v));
    return "JVM agent rule in " + target + ": " + String.join(", ", parts);
  }
}
