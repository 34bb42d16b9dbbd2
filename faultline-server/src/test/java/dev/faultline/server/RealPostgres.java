package dev.faultline.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL (Debian's packages) in a temporary data directory on a free loopback port,
 * started with password authentication and stopped on close. As root it runs as the
 * {@code postgres} user, which PostgreSQL insists on.
 */
public final class RealPostgres implements AutoCloseable {
  static final String USER = "faultline";
  final String password = "pw-" + Long.toHexString(System.nanoTime());
  final int port;
  private final Path bin;
  private final Path dataDir;
  private final boolean asRoot = "root".equals(System.getProperty("user.name"));

  private RealPostgres(Path bin, Path dir) throws Exception {
    this.bin = bin;
    this.dataDir = dir.resolve("pgdata");
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
    }
    Files.createDirectories(dataDir);
    Path pwFile = dir.resolve("pgpass");
    Files.writeString(pwFile, password + "\n");
    if (asRoot) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      for (Path p : List.of(dir, dataDir, pwFile)) {
        Files.setOwner(p, users.lookupPrincipalByName("postgres"));
      }
    }
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    run(60, "initdb", "-D", dataDir.toString(), "-U", USER, "--auth=scram-sha-256", "--pwfile=" + pwFile,
        "--no-sync");
    run(60, "pg_ctl", "-D", dataDir.toString(), "-w", "-l", dir.resolve("pg.log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
  }

  /** Starts one, or skips the test where PostgreSQL is not installed. */
  public static RealPostgres start(Path dir) throws Exception {
    Path bin = null;
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (var versions = Files.list(root)) {
        bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .sorted().reduce((a, b) -> b).orElse(null);
      }
    }
    assumeTrue(bin != null, "PostgreSQL is not installed (apt-get install postgresql)");
    return new RealPostgres(bin, dir);
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public java.util.Map<String, String> env() {
    return java.util.Map.of("FAULTLINE_DB_USER", USER, "FAULTLINE_DB_PASSWORD", password);
  }

  private void run(int timeoutSeconds, String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asRoot) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(tool + " did not finish within " + timeoutSeconds + " s");
    }
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(tool + " failed (" + p.exitValue() + "): " + output);
    }
  }

  @Override
  public void close() throws Exception {
    run(60, "pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
  }
}
