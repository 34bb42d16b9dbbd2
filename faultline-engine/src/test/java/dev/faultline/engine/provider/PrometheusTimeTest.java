package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PrometheusTimeTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void readsTheFormsChaosPrometheusExperimentsUse() {
    assertThat(PrometheusTime.parse("now", NOW)).contains(NOW);
    assertThat(PrometheusTime.parse("5 minutes ago", NOW)).contains(Instant.parse("2024-05-01T11:55:00Z"));
    assertThat(PrometheusTime.parse("1 minute ago", NOW)).contains(Instant.parse("2024-05-01T11:59:00Z"));
    assertThat(PrometheusTime.parse("30 seconds ago", NOW)).contains(Instant.parse("2024-05-01T11:59:30Z"));
    assertThat(PrometheusTime.parse("2 hours ago", NOW)).contains(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(PrometheusTime.parse("1 day ago", NOW)).contains(Instant.parse("2024-04-30T12:00:00Z"));
    assertThat(PrometheusTime.parse("10 min ago", NOW)).contains(Instant.parse("2024-05-01T11:50:00Z"));
    assertThat(PrometheusTime.parse(" Now ", NOW)).contains(NOW);
  }

  @Test
  void readsUnixSecondsAndRfc3339() {
    assertThat(PrometheusTime.parse(1714564800, NOW)).contains(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(PrometheusTime.parse(1714564800.5, NOW)).contains(Instant.parse("2024-05-01T12:00:00.500Z"));
    assertThat(PrometheusTime.parse("1714564800", NOW)).contains(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(PrometheusTime.parse("2024-05-01T14:00:00+02:00", NOW)).contains(NOW);
    assertThat(PrometheusTime.parse("2024-05-01T12:00:00.250Z", NOW)).contains(Instant.parse("2024-05-01T12:00:00.250Z"));
    assertThat(PrometheusTime.parse("2024-05-01 12:00:00", NOW))
        .contains(LocalDateTime.parse("2024-05-01T12:00:00").atZone(ZoneId.systemDefault()).toInstant());
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertThat(PrometheusTime.parse("yesterday-ish", NOW)).isEmpty();
    assertThat(PrometheusTime.parse("5 fortnights ago", NOW)).isEmpty();
    assertThat(PrometheusTime.parse(true, NOW)).isEmpty();
    assertThat(PrometheusTime.parse(null, NOW)).isEmpty();
  }
}
