package dev.faultline.server.continuous.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A Unix cron expression (5 fields: minute hour day-of-month month day-of-week) read in a time
 * zone. Parsing and the next-time arithmetic are cron-utils'; the zone rules (DST) are java.time's.
 */
public final class CronSpec {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime execution;

  private CronSpec(String expression, ZoneId zone, ExecutionTime execution) {
    this.expression = expression;
    this.zone = zone;
    this.execution = execution;
  }

  /** A user's input was wrong; the message says what and what would be right. */
  public static final class BadSpecException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    public BadSpecException(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** Parses {@code expression} in {@code timeZone} (an IANA zone id such as Europe/Berlin). */
  public static CronSpec parse(String expression, String timeZone) throws BadSpecException {
    ZoneId zone = zone(timeZone);
    if (expression == null || expression.isBlank()) {
      throw new BadSpecException("cron", "'cron' is empty; expected 5 fields: minute hour day-of-month month "
          + "day-of-week, e.g. '30 10 * * 1-5' (10:30 on weekdays)");
    }
    Cron cron;
    try {
      cron = PARSER.parse(expression.strip()).validate();
    } catch (IllegalArgumentException e) {
      throw new BadSpecException("cron", "'cron' is not a valid Unix cron expression '" + expression + "': "
          + e.getMessage() + "; expected 5 fields: minute hour day-of-month month day-of-week, e.g. '30 10 * * 1-5'");
    }
    return new CronSpec(expression.strip(), zone, ExecutionTime.forCron(cron));
  }

  /** The zone named {@code timeZone}; a clear error for an unknown one. */
  public static ZoneId zone(String timeZone) throws BadSpecException {
    if (timeZone == null || timeZone.isBlank()) {
      throw new BadSpecException("time_zone", "'time_zone' is missing; expected an IANA zone id such as UTC or "
          + "Europe/Berlin");
    }
    try {
      return ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw new BadSpecException("time_zone", "'time_zone' names no known time zone: '" + timeZone
          + "'; expected an IANA zone id such as UTC, America/New_York or Europe/Berlin");
    }
  }

  /** The first firing strictly after {@code after}, if the expression ever fires again. */
  public Optional<Instant> nextAfter(Instant after) {
    return execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }
}
