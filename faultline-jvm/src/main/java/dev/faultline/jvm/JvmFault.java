package dev.faultline.jvm;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent rule in a target JVM as an experiment fault: {@link #apply(FaultExpiry)} attaches if
 * needed and adds the rule with its lease and length, which the agent enforces by itself (so the
 * rule goes away even if this process dies); {@link #renew()} renews the lease; {@link #recover()}
 * clears it, which restores the original bytecode. A JVM that has gone (a kill rule did its job)
 * counts as recovered.
 */
public final class JvmFault implements SelfExpiringFault {
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
  public synchronized void apply(FaultExpiry expiry) throws FaultException {
    JvmRule expiring = rule;
    if (expiry.lease().isPresent()) {
      expiring = expiring.lease(expiry.lease().get());
    }
    if (expiry.length().isPresent()) {
      expiring = expiring.length(expiry.length().get());
    }
    try {
      client = JvmAgentClient.forPid(target.resolvePid(stateDir), stateDir);
      ruleId = client.add(expiring);
    } catch (JvmAgentException e) {
      throw new FaultException("jvm fault on " + target + ": " + e.getMessage(), e);
    }
  }

  /** Where an applied rule lives: the JVM, the rule's id there, and the agents' state directory. */
  public record AppliedRule(long pid, int ruleId, java.nio.file.Path stateDir) {}

  /** The rule while it is applied; empty before apply and after recover. */
  public synchronized java.util.Optional<AppliedRule> appliedRule() {
    return ruleId == null ? java.util.Optional.empty()
        : java.util.Optional.of(new AppliedRule(client.pid(), ruleId, stateDir));
  }

  @Override
  public synchronized void renew() throws FaultException {
    if (ruleId == null) {
      throw new FaultException("jvm fault on " + target + ": nothing to renew, the rule is not applied (or was "
          + "recovered)");
    }
    try {
      client.renew(ruleId);
    } catch (JvmAgentException e) {
      throw new FaultException("could not renew rule " + ruleId + " in JVM " + client.pid() + ": " + e.getMessage(), e);
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
        // "no rule 3" (an old agent) or "rule 3 is gone: it expired ...": already reverted by the agent.
        boolean alreadyGone = e.getMessage().startsWith("no rule ") || e.getMessage().startsWith("rule " + id + " is gone");
        if (ProcessHandle.of(client.pid()).map(ProcessHandle::isAlive).orElse(false) && !alreadyGone) {
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
