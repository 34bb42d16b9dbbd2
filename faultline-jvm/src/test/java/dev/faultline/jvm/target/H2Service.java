package dev.faultline.jvm.target;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.Server;

/**
 * A real third-party application for the agent: H2's TCP database server (in-memory databases,
 * loopback only). Prints {@code PORT n} when ready and {@code CLASSES n} (the loaded classes);
 * exits when its standard input closes (the test JVM went away).
 *
 * <p>Arguments: {@code [JAR COUNT]}: also loads and initialises the classes {@code gen.C0} ..
 * {@code gen.C<COUNT-1>} from {@code JAR} (see {@code GeneratedClasses}), to be a JVM with many
 * loaded application classes.
 */
public final class H2Service {
  /** Keeps the generated classes (and their loader) alive. */
  private static final List<Class<?>> GENERATED = new ArrayList<>();

  private H2Service() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2) {
      URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()},
          H2Service.class.getClassLoader());
      int count = Integer.parseInt(args[1]);
      for (int i = 0; i < count; i++) {
        GENERATED.add(Class.forName("gen.C" + i, true, loader));
      }
    }
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    System.out.println("PORT " + server.getPort());
    System.out.println("CLASSES " + java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    System.out.flush();
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // wait for the test JVM to close our standard input
      }
    } catch (IOException ignored) {
      // the parent went away
    }
    server.stop();
    System.exit(0);
  }
}
