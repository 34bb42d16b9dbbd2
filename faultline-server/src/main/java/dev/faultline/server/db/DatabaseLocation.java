package dev.faultline.server.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Where the server keeps its state and how to log in there: an embedded H2 file under the data
 * directory, or a PostgreSQL URL whose credentials come from the environment or a file, never
 * from the command line (which every local user can read in {@code ps}).
 *
 * @param jdbcUrl the JDBC URL
 * @param user the database user
 * @param password the database password (never printed)
 * @param embedded whether this is the embedded H2 database
 */
public record DatabaseLocation(String jdbcUrl, String user, String password, boolean embedded) {
  /** Environment variable with the PostgreSQL user. */
  public static final String USER_ENV = "FAULTLINE_DB_USER";
  /** Environment variable with the PostgreSQL password. */
  public static final String PASSWORD_ENV = "FAULTLINE_DB_PASSWORD";
  /** Environment variable naming a file whose first line is the PostgreSQL password. */
  public static final String PASSWORD_FILE_ENV = "FAULTLINE_DB_PASSWORD_FILE";

  /** A bad {@code --database-url} or missing credentials, phrased for the person starting the server. */
  public static final class BadLocationException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadLocationException(String message) {
      super(message);
    }
  }

  /**
   * Chooses the database from the command-line options.
   *
   * @param dataDir the data directory (holds the H2 file and its generated password)
   * @param databaseUrl {@code --database-url}, or null for the embedded database
   * @param env the process environment
   */
  public static DatabaseLocation resolve(Path dataDir, String databaseUrl, Map<String, String> env)
      throws BadLocationException {
    if (databaseUrl == null || databaseUrl.isBlank()) {
      return embedded(dataDir);
    }
    String lower = databaseUrl.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:postgresql://")) {
      throw new BadLocationException("--database-url: unsupported URL '" + databaseUrl
          + "'; expected jdbc:postgresql://HOST[:PORT]/DATABASE (or no --database-url for the embedded database)");
    }
    if (lower.contains("password=")) {
      throw new BadLocationException("--database-url: the URL carries a password, which any local user could read "
          + "in the process list; remove it and set " + PASSWORD_ENV + " or " + PASSWORD_FILE_ENV + " instead");
    }
    String user = env.get(USER_ENV);
    if (user == null || user.isBlank()) {
      throw new BadLocationException("PostgreSQL needs a user: set " + USER_ENV);
    }
    String password = env.get(PASSWORD_ENV);
    String file = env.get(PASSWORD_FILE_ENV);
    if (password == null && file != null) {
      try {
        password = Files.readAllLines(Path.of(file)).stream().findFirst().orElse("").strip();
      } catch (IOException e) {
        throw new BadLocationException(PASSWORD_FILE_ENV + "=" + file + ": cannot be read: " + e.getMessage());
      }
    }
    if (password == null) {
      throw new BadLocationException("PostgreSQL needs a password: set " + PASSWORD_ENV + " or " + PASSWORD_FILE_ENV);
    }
    return new DatabaseLocation(databaseUrl, user, password, false);
  }

  /**
   * The embedded database in {@code dataDir}. Its password is generated on first use and kept in a
   * file only the owner can read, because H2's auto-server mode (which lets {@code faultline server
   * token} reach the database of a running server) listens on a local TCP port.
   */
  public static DatabaseLocation embedded(Path dataDir) throws BadLocationException {
    try {
      Files.createDirectories(dataDir);
      Path secret = dataDir.resolve("db.secret");
      if (!Files.exists(secret)) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Files.writeString(secret, HexFormat.of().formatHex(random) + "\n");
        try {
          Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Not a POSIX file system: the directory's permissions are all there is.
        }
      }
      String password = Files.readString(secret).strip();
      Path file = dataDir.toAbsolutePath().normalize().resolve("faultline");
      // WRITE_DELAY=0: every commit reaches the file at once, so a fault recorded before its apply
      // survives a SIGKILL of the server (H2 otherwise writes commits up to 500 ms later).
      // retry: a run's thread writes its events and is interrupted when the run is aborted or halted;
      // on H2's plain file channel an interrupt mid-write closed the whole database
      // (ClosedByInterruptException); the retry file system reopens the channel and retries.
      return new DatabaseLocation(H2_PREFIX + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", "faultline", password,
          true);
    } catch (IOException e) {
      throw new BadLocationException("--data " + dataDir + ": cannot create the embedded database there: "
          + e.getMessage() + "; choose a writable directory");
    }
  }

  private static final String H2_PREFIX = "jdbc:h2:retry:";

  /** The URL with nothing secret in it, for messages. */
  public String describe() {
    return embedded ? "embedded H2 " + jdbcUrl.substring(H2_PREFIX.length(), jdbcUrl.indexOf(';')) + ".mv.db"
        : jdbcUrl;
  }

  @Override
  public String toString() {
    return "DatabaseLocation[" + describe() + ", user=" + user + "]";
  }
}
