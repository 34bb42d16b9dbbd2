package dev.faultline.host.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.host.TestHost;
import dev.faultline.host.attack.AttackRunner;
import dev.faultline.host.process.MarkedProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentServerTest {
  private final TestHost host = new TestHost();

  @Test
  void holdsDetachedAttacksBehindAnOwnerOnlyTokenAndRevertsThemWhenItStops() throws Exception {
    try (AgentServer agent = AgentServer.start(host.context, new AttackRunner(host.registry()), 0)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host.stateDir.resolve("agent.token"))))
          .isEqualTo("rw-------");
      AgentClient client = AgentClient.connect(host.stateDir);
      Map<String, Object> answer = client.startAttack("forkbomb", Map.of("count", 3), "1h");
      String id = (String) answer.get("id");
      assertThat(MarkedProcesses.find("forkbomb-" + id)).hasSize(3);
      assertThat(host.journal().list()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id));

      HttpResponse<String> noToken = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/halt")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(host.journal().list()).hasSize(1);

      assertThatThrownBy(() -> client.startAttack("cpu", Map.of("percent", 500), "10s"))
          .isInstanceOf(AgentException.class)
          .hasMessage("invalid arguments for fault 'host-cpu': percent: 500.0 is out of range; allowed 1.0 to 100.0");
      assertThat(client.halt().get("reverted")).isEqualTo(java.util.List.of(id));
      assertThat(MarkedProcesses.find("forkbomb-" + id)).isEmpty();

      String second = (String) client.startAttack("forkbomb", Map.of("count", 2), "1h").get("id");
      agent.close();
      assertThat(MarkedProcesses.find("forkbomb-" + second)).as("the agent's attacks end with it").isEmpty();
      assertThat(host.journal().list()).isEmpty();
      assertThat(AgentEndpoint.read(host.stateDir)).isEmpty();
    }
  }

  @Test
  void aSecondAgentOnTheSameStateDirectoryIsRefusedAndTheFirstKeepsItsFiles() throws Exception {
    try (AgentServer first = AgentServer.start(host.context, new AttackRunner(host.registry()), 0)) {
      String token = Files.readString(host.stateDir.resolve("agent.token"));
      assertThatThrownBy(() -> AgentServer.start(host.context, new AttackRunner(host.registry()), 0))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageStartingWith("another faultline agent (pid " + ProcessHandle.current().pid() + ", control API on 127.0.0.1:"
              + first.port() + ") is already running on state directory " + host.stateDir);
      assertThat(Files.readString(host.stateDir.resolve("agent.token"))).isEqualTo(token);
      assertThat(AgentEndpoint.read(host.stateDir)).hasValueSatisfying(e -> assertThat(e.port()).isEqualTo(first.port()));
      first.close();
      try (AgentServer next = AgentServer.start(host.context, new AttackRunner(host.registry()), 0)) {
        assertThat(AgentEndpoint.read(host.stateDir)).hasValueSatisfying(e -> assertThat(e.port()).isEqualTo(next.port()));
      }
    }
  }
}
