package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify_tls} against a real HTTPS server whose self-signed certificate names another host,
 * as in the Chaos Toolkit tutorial (an expired certificate, {@code verify_tls: false}).
 */
class HttpProviderTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  Path dir;

  private HttpsServer server;
  private String url;

  @BeforeEach
  void startServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "2", "-dname", "CN=not-this-host.example", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/city/Paris", exchange -> {
      byte[] body = "Paris".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/city/Paris";
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void withoutVerificationAnUntrustedCertificateForAnotherHostIsAccepted() throws Exception {
    Object output = new HttpProvider().run(Map.of("url", url, "verify_tls", false, "timeout", 5),
        SimpleRunContext.empty());

    assertThat(output).isEqualTo(Map.of("status", 200, "headers", ((Map<?, ?>) output).get("headers"), "body", "Paris"));
  }

  @Test
  void withVerificationTheUntrustedCertificateFailsTheConnection() {
    assertThatThrownBy(() -> new HttpProvider().run(Map.of("url", url, "timeout", 5), SimpleRunContext.empty()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessageStartingWith("failed to connect to " + url + ": ")
        .hasMessageContaining("PKIX path building failed");
  }
}
