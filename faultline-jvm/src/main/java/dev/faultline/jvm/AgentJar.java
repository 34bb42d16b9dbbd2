package dev.faultline.jvm;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * Finds the agent jar to load into targets: the system property {@code faultline.jvm.agentJar},
 * else the jar {@code faultline-jvm-agent} classes were loaded from (the distribution's
 * {@code lib/}); it must carry an {@code Agent-Class} manifest entry.
 */
public final class AgentJar {
  private static final String AGENT_CLASS = "dev.faultline.jvmagent.AgentMain";

  private AgentJar() {}

  public static Path locate() throws JvmAgentException {
    String configured = System.getProperty("faultline.jvm.agentJar");
    Path jar;
    if (configured != null && !configured.isBlank()) {
      jar = Path.of(configured);
    } else {
      try {
        Class<?> agent = Class.forName(AGENT_CLASS, false, AgentJar.class.getClassLoader());
        jar = Path.of(agent.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
        throw new JvmAgentException("the Faultline JVM agent jar is not on the class path; build it with "
            + "'mvn -pl faultline-jvm-agent package' or set -Dfaultline.jvm.agentJar=PATH");
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new JvmAgentException("the JVM agent must be a jar, but " + jar + " is not a file; build it with "
          + "'mvn -pl faultline-jvm-agent package' (a 'test' build leaves only classes) or set -Dfaultline.jvm.agentJar");
    }
    try (JarFile f = new JarFile(jar.toFile())) {
      if (f.getManifest() == null || f.getManifest().getMainAttributes().getValue("Agent-Class") == null) {
        throw new JvmAgentException(jar + " is not the Faultline agent jar (no Agent-Class in its manifest)");
      }
    } catch (java.io.IOException e) {
      throw new JvmAgentException("cannot read the agent jar " + jar + ": " + e.getMessage());
    }
    return jar;
  }
}
