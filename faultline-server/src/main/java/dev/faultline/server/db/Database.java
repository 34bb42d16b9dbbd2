package dev.faultline.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
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
    DataSource ds;
    if (location.embedded()) {
      JdbcConnectionPool pool = JdbcConnectionPool.create(location.jdbcUrl(), location.user(), location.password());
      pool.setMaxConnections(MAX_CONNECTIONS);
      ds = pool;
    } else {
      // A pool: opening and authenticating a PostgreSQL connection per request made every route ~5x slower.
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(location.jdbcUrl());
      config.setUsername(location.user());
      config.setPassword(location.password());
      config.setMaximumPoolSize(MAX_CONNECTIONS);
      config.setPoolName("faultline-server");
      ds = new HikariDataSource(config);
    }
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
    if (dataSource instanceof JdbcConnectionPool pool) {
      pool.dispose();
    } else if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
