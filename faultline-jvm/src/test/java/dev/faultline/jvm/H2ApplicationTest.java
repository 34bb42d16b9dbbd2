package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.jvm.bench.H2Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent on a real third-party application (issue 10): H2's TCP server in a child JVM (JDK 17),
 * queried over JDBC. Rules are added and cleared through {@link JvmAgentClient}, as the CLI does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2ApplicationTest {
  private H2Target h2;
  private Connection connection;
  private Statement sql;
  private JvmAgentClient agent;

  @BeforeAll
  void start() throws Exception {
    h2 = H2Target.start(TargetJvm.jdk17(), null, 0);
    connection = h2.connect();
    sql = connection.createStatement();
    assertThat(selectOne()).isEqualTo(1);
    agent = JvmAgentClient.forPid(h2.pid(), Files.createTempDirectory("faultline-jvm-state"));
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    h2.close();
  }

  @AfterEach
  void clear() throws Exception {
    agent.clearAll();
  }

  @Test
  void aThrowRuleOnH2sCommandFailsRealQueriesUntilCleared() throws Exception {
    int id = agent.add(JvmRule.throwing("java.lang.IllegalStateException", "faultline says no")
        .on("org.h2.command.Command", "executeQuery"));
    assertThat(agent.rules()).extracting(RuleStatus::instrumentedClasses).containsExactly(1);
    // The add's reply means installed: the very next query fails, with our exception as the cause.
    assertThatThrownBy(this::selectOne).isInstanceOf(SQLException.class).hasMessageContaining("faultline says no");
    agent.clear(id);
    assertThat(selectOne()).as("the same session works again: H2 answered the error and kept it").isEqualTo(1);
    assertThat(agent.rules()).isEmpty();
  }

  @Test
  void aClockSkewMovesH2sCurrentTimestampUntilCleared() throws Exception {
    JvmAgentClient.Added added = agent.addRule(JvmRule.clockSkew(Duration.ofHours(2)));
    assertThat(added.skippedClasses()).isZero();
    long skewMs = currentTimestamp() - System.currentTimeMillis();
    assertThat(skewMs).isBetween(2 * 3_600_000L - 5_000, 2 * 3_600_000L + 5_000);
    agent.clearAll();
    assertThat(Math.abs(currentTimestamp() - System.currentTimeMillis())).isLessThan(5_000);
  }

  private int selectOne() throws SQLException {
    try (ResultSet r = sql.executeQuery("SELECT 1")) {
      r.next();
      return r.getInt(1);
    }
  }

  private long currentTimestamp() throws SQLException {
    try (ResultSet r = sql.executeQuery("SELECT CURRENT_TIMESTAMP")) {
      r.next();
      return r.getTimestamp(1).getTime();
    }
  }
}
