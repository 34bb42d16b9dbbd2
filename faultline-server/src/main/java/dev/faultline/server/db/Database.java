package dev.faultline.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's database: connections, the schema migrations (Flyway, {@code db/migration}) and
 * the query library (JDBI; every value is a bound parameter, no SQL is assembled from input).
 */
public final class Database implements AutoCloseable {
  /** Connections kept open at most: API handlers, run recorders and SSE replays share them. */
  private static final int MAX_CONNECTIONS = 32;
  private final DatabaseLocation location;
  private final DataSource dataSource;
  private final Jdbi jdbi;

  private Database(DatabaseLocation location, DataSource dataSource) {
    this.location = location;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Opens the database and brings its schema to the latest version. */
  public static Database open(DatabaseLocation location) {
    // One pool for both: HikariCP. H2's own JdbcConnectionPool rolls back every connection it hands
    // out, and a rollback empties the H2 session's parsed-statement cache, so every query was parsed
    // and planned again (a fifth of a runs-list request's CPU). Hikari rolls back only a connection
    // left inside a transaction. On PostgreSQL a pool avoids a connect and SCRAM handshake per request.
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(location.jdbcUrl());
    config.setUsername(location.user());
    config.setPassword(location.password());
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    if (location.embedded()) {
      config.setMinimumIdle(2); // embedded sessions open in microseconds; a CLI token command needs one
    }
    config.setPoolName("faultline-server");
    DataSource ds = new HikariDataSource(config);
    Database db = new Database(location, ds);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DatabaseLocation location() {
    return location;
  }

  @Override
  public void close() {
    if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
