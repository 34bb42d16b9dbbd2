package dev.faultline.jvmagent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Copies the {@code bootstrap} package out of the agent jar into a small jar on the bootstrap class
 * path, so instrumented code in every class loader, {@code java.base} included, can call
 * {@code FaultDispatch}; then lets {@code java.base} read it (clock-skew advice lives there).
 */
final class BootstrapJar {
  static final String PACKAGE_PATH = "dev/faultline/jvmagent/bootstrap/";
  static final String DISPATCH = "dev.faultline.jvmagent.bootstrap.FaultDispatch";

  private BootstrapJar() {}

  static void inject(Instrumentation inst) throws IOException, URISyntaxException, ClassNotFoundException {
    Path agentJar = Paths.get(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isRegularFile(agentJar)) {
      throw new IllegalStateException("the agent must run from its jar, not from " + agentJar);
    }
    File bootJar = File.createTempFile("faultline-agent-bootstrap-", ".jar");
    bootJar.deleteOnExit();
    try (JarFile source = new JarFile(agentJar.toFile());
        OutputStream file = Files.newOutputStream(bootJar.toPath());
        JarOutputStream out = new JarOutputStream(file)) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.getName().startsWith(PACKAGE_PATH) && e.getName().endsWith(".class")) {
          out.putNextEntry(new JarEntry(e.getName()));
          try (InputStream in = source.getInputStream(e)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(bootJar));
    Class<?> dispatch = Class.forName(DISPATCH, true, null);
    Module javaBase = Object.class.getModule();
    inst.redefineModule(javaBase, Set.of(dispatch.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
  }
}
