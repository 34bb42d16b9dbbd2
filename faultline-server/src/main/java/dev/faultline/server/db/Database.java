package dev.faultline.server.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The server's database: connections, the schema migrations (Flyway, {@code db/migration}) and
 * the query library (JDBI; every value is a bound parameter, no SQL is assembled from input).
 */
public final class Database implements AutoCloseable {
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
      pool.setMaxConnections(32);
      ds = pool;
    } else {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setUrl(location.jdbcUrl());
      pg.setUser(location.user());
      pg.setPassword(location.password());
      ds = pg;
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
    }
  }
}
