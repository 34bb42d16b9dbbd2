package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.faultline.core.experiment.ProviderSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpProviderTest {
  private final TcpProvider provider = new TcpProvider();

  @Test
  void connectsToAListeningSocket() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Map<?, ?> output = (Map<?, ?>) provider.run(Map.of("host", "127.0.0.1", "port", server.getLocalPort()),
          SimpleRunContext.empty());
      try (Socket accepted = server.accept()) {
        assertThat(accepted.isConnected()).isTrue();
      }

      assertThat(output.get("connected")).isEqualTo(true);
      assertThat(output.get("host")).isEqualTo("127.0.0.1");
      assertThat(output.get("port")).isEqualTo(server.getLocalPort());
      assertThat((Double) output.get("connect_ms")).isGreaterThanOrEqualTo(0.0);
      assertThat(output.containsKey("error")).isFalse();
    }
  }

  @Test
  void aClosedPortIsAnAnswerNotAFailure() throws Exception {
    int port = closedPort();

    Object details = provider.run(Map.of("host", "127.0.0.1", "port", port, "timeout", 2), SimpleRunContext.empty());
    Object bool = provider.run(Map.of("host", "127.0.0.1", "port", String.valueOf(port), "output", "boolean"),
        SimpleRunContext.empty());

    assertThat(details).isEqualTo(Map.of("connected", false, "host", "127.0.0.1", "port", port,
        "error", "Connection refused"));
    assertThat(bool).isEqualTo(false);
  }

  @Test
  void booleanOutputIsTrueWhenConnected() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Object output = provider.run(Map.of("host", "127.0.0.1", "port", server.getLocalPort(), "output", "boolean"),
          SimpleRunContext.empty());

      assertThat(output).isEqualTo(true);
    }
  }

  @Test
  void validationReportsMissingAndOutOfRangeValues() {
    CollectingValidation validation = new CollectingValidation();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("port", 70000);
    props.put("output", "json");

    provider.validate(new ProviderSpec("tcp", props), validation);
    provider.validate(new ProviderSpec("tcp", Map.of("host", "db", "port", "${db_port}", "timeout", 1.5)), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(
            tuple("host", "host is missing; expected the host name or IP address to connect to, e.g. \"127.0.0.1\""),
            tuple("port", "port must be from 1 to 65535, found 70000"),
            tuple("output", "output must be \"details\" or \"boolean\", found the string \"json\""));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
