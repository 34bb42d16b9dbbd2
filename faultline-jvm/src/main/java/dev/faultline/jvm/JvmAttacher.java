package dev.faultline.jvm;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds JVMs on this host and loads the agent into one through the JDK's attach API. */
public final class JvmAttacher {
  private JvmAttacher() {}

  /** The JVMs the current user can attach to, except this one. */
  public static List<JvmProcess> list(Path stateDir) {
    long self = ProcessHandle.current().pid();
    List<JvmProcess> out = new ArrayList<>();
    for (VirtualMachineDescriptor d : VirtualMachine.list()) {
      long pid;
      try {
        pid = Long.parseLong(d.id());
      } catch (NumberFormatException e) {
        continue;
      }
      if (pid != self) {
        out.add(new JvmProcess(pid, d.displayName(), Files.exists(AgentEndpoint.file(stateDir, pid))));
      }
    }
    out.sort((a, b) -> Long.compare(a.pid(), b.pid()));
    return out;
  }

  /** Loads {@code agentJar} into JVM {@code pid}; its token file will appear in {@code stateDir}. */
  public static void attach(long pid, Path agentJar, Path stateDir) throws JvmAgentException {
    if (pid == ProcessHandle.current().pid()) {
      throw new JvmAgentException("cannot attach to this very process; start it with -javaagent instead");
    }
    if (ProcessHandle.of(pid).isEmpty()) {
      throw new JvmAgentException("no process " + pid + " on this host");
    }
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(String.valueOf(pid));
    } catch (AttachNotSupportedException | IOException e) {
      throw new JvmAgentException("cannot attach to process " + pid + ": " + e.getMessage()
          + " (is it a JVM run by the same user? 'faultline jvm list' shows the ones you can attach to)", e);
    }
    try {
      vm.loadAgent(agentJar.toAbsolutePath().toString(), "stateDir=" + stateDir.toAbsolutePath());
    } catch (AgentLoadException | IOException e) {
      throw new JvmAgentException("JVM " + pid + " did not load the agent: " + e.getMessage(), e);
    } catch (com.sun.tools.attach.AgentInitializationException e) {
      throw new JvmAgentException("the agent failed to start in JVM " + pid + " (code " + e.returnValue() + ")", e);
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // the agent is loaded; a failed detach leaves nothing behind in the target
      }
    }
  }
}
