package dev.faultline.jvmagent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The running agent: its rules, its control channel and its token file. One per JVM. */
final class AgentRuntime {
  private static volatile AgentRuntime current;

  private final RuleBook rules;
  private final ControlServer server;
  private final String token;
  private volatile Path stateFile;

  private AgentRuntime(RuleBook rules, ControlServer server, String token) {
    this.rules = rules;
    this.server = server;
    this.token = token;
  }

  static boolean isRunning() {
    return current != null;
  }

  static AgentRuntime current() {
    return current;
  }

  static void start(AgentArguments args, Instrumentation inst) throws IOException {
    String token = newToken();
    RuleBook rules = new RuleBook(inst);
    // The token file names the port, so the server must listen first; if the file cannot be
    // written nobody can reach the server, and a later attach starts another: close this one.
    ControlServer server = ControlServer.start(rules, token);
    AgentRuntime runtime = new AgentRuntime(rules, server, token);
    try {
      runtime.rewriteStateFile(args);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::deleteStateFile, "faultline-agent-cleanup"));
    current = runtime;
  }

  /** (Re)writes the token file, e.g. when attached again with another state directory. */
  void rewriteStateFile(AgentArguments args) throws IOException {
    Path previous = stateFile;
    stateFile = StateFile.write(args.stateDir(), ProcessHandle.current().pid(), server.port(), token);
    if (previous != null && !previous.equals(stateFile)) {
      Files.deleteIfExists(previous);
    }
  }

  private void deleteStateFile() {
    try {
      Path f = stateFile;
      if (f != null) {
        Files.deleteIfExists(f);
      }
    } catch (IOException ignored) {
      // the JVM is ending; a stale file is detected by the client (nobody answers on its port)
    }
  }

  private static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
