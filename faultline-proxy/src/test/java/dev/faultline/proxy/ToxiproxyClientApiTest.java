package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every call of the real toxiproxy-java 2.1.7 client against the Faultline proxy. */
class ToxiproxyClientApiTest extends ProxyTestBase {

    @Test
    void versionIsTheToxiproxyVersionWhoseApiIsServed() throws IOException {
        assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    }

    @Test
    void createListGetAndDeleteProxies() throws IOException {
        Proxy created = echoProxy("db");
        assertThat(created.getName()).isEqualTo("db");
        assertThat(created.getUpstream()).isEqualTo(echo.address());
        assertThat(created.isEnabled()).isTrue();
        assertThat(created.getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");

        client.createProxy("cache", "127.0.0.1:0", echo.address());
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("cache", "db");
        assertThat(client.getProxy("db").getListen()).isEqualTo(created.getListen());
        assertThat(client.getProxyOrNull("missing")).isNull();

        created.delete();
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("cache");
        assertThatThrownBy(() -> client.getProxy("db")).isInstanceOf(IOException.class)
                .hasMessage("[404] proxy not found");
    }

    @Test
    void proxiedBytesReachTheUpstreamAndComeBack() throws IOException {
        Proxy proxy = echoProxy("echo");
        try (Socket socket = connect(proxy)) {
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(readFully(socket.getInputStream(), 5), StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
    }

    @Test
    void disableRefusesAndDropsConnectionsEnableRestores() throws IOException {
        Proxy proxy = echoProxy("flaky");
        try (Socket open = connect(proxy)) {
            proxy.disable();
            assertThat(client.getProxy("flaky").isEnabled()).isFalse();
            assertThat(open.getInputStream().read()).as("open connection is closed by disable").isEqualTo(-1);
            assertThatThrownBy(() -> connect(proxy)).isInstanceOf(ConnectException.class);
        }
        proxy.enable();
        assertThat(client.getProxy("flaky").isEnabled()).isTrue();
        try (Socket socket = connect(client.getProxy("flaky"))) {
            socket.getOutputStream().write(1);
            assertThat(socket.getInputStream().read()).isEqualTo(1);
        }
    }

    @Test
    void setListenAndUpstreamMoveTheProxy() throws IOException {
        Proxy proxy = echoProxy("moving");
        int newPort = freePort();
        proxy.setListen("127.0.0.1:" + newPort);
        assertThat(client.getProxy("moving").getListen()).isEqualTo("127.0.0.1:" + newPort);
        proxy.setUpstream("127.0.0.1:1");
        assertThat(client.getProxy("moving").getUpstream()).isEqualTo("127.0.0.1:1");
    }

    @Test
    void everyToxicTypeCanBeAddedReadUpdatedAndRemoved() throws IOException {
        Proxy proxy = echoProxy("toxic");
        Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        Bandwidth bandwidth = proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 500);
        SlowClose slowClose = proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
        Timeout timeout = proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 1000);
        ResetPeer resetPeer = proxy.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 5);
        Slicer slicer = proxy.toxics().slicer("sl", ToxicDirection.UPSTREAM, 10, 7);
        LimitData limitData = proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);

        List<? extends Toxic> all = proxy.toxics().getAll();
        assertThat(all).extracting(Toxic::getName).containsExactly("bw", "to", "sl", "lat", "sc", "rp", "ld");

        latency.setLatency(200).setJitter(15);
        Latency readLatency = proxy.toxics().get("lat", Latency.class);
        assertThat(readLatency.getLatency()).isEqualTo(200);
        assertThat(readLatency.getJitter()).isEqualTo(15);
        assertThat(readLatency.getStream()).isEqualTo(ToxicDirection.DOWNSTREAM);

        bandwidth.setRate(1000);
        assertThat(proxy.toxics().get("bw", Bandwidth.class).getRate()).isEqualTo(1000);
        slowClose.setDelay(20);
        assertThat(proxy.toxics().get("sc", SlowClose.class).getDelay()).isEqualTo(20);
        timeout.setTimeout(2000);
        assertThat(proxy.toxics().get("to", Timeout.class).getTimeout()).isEqualTo(2000);
        resetPeer.setTimeout(7);
        assertThat(proxy.toxics().get("rp", ResetPeer.class).getTimeout()).isEqualTo(7);
        slicer.setAverageSize(20).setSizeVariation(3).setDelay(9);
        Slicer readSlicer = proxy.toxics().get("sl", Slicer.class);
        assertThat(List.of(readSlicer.getAverageSize(), readSlicer.getSizeVariation(), readSlicer.getDelay()))
                .containsExactly(20L, 3L, 9L);
        limitData.setBytes(5);
        assertThat(proxy.toxics().get("ld", LimitData.class).getBytes()).isEqualTo(5);

        latency.setToxicity(0.5f);
        assertThat(proxy.toxics().get("lat").getToxicity()).isEqualTo(0.5f);

        for (Toxic toxic : List.of(latency, bandwidth, slowClose, timeout, resetPeer, slicer, limitData)) {
            toxic.remove();
        }
        assertThat(proxy.toxics().getAll()).isEmpty();
    }

    @Test
    void addingAToxicTwiceIsAConflict() throws IOException {
        Proxy proxy = echoProxy("twice");
        proxy.toxics().latency("same", ToxicDirection.UPSTREAM, 1);
        assertThatThrownBy(() -> proxy.toxics().bandwidth("same", ToxicDirection.DOWNSTREAM, 1))
                .isInstanceOf(IOException.class).hasMessage("[409] toxic already exists");
    }

    @Test
    void resetEnablesProxiesAndRemovesToxics() throws IOException {
        Proxy proxy = echoProxy("resettable");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        proxy.disable();
        client.reset();
        Proxy after = client.getProxy("resettable");
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.toxics().getAll()).isEmpty();
    }

    @Test
    void everyToxicChangeIsAudited() throws IOException {
        Proxy proxy = echoProxy("audited");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100).setJitter(3).remove();
        assertThat(auditLines).filteredOn(line -> line.contains("\"toxic\":\"lat\"")).hasSize(3);
        assertThat(auditLines).anySatisfy(line -> assertThat(line)
                .contains("\"action\":\"toxic.update\"", "\"proxy\":\"audited\"", "\"jitter\":3", "\"remote\":\"127.0.0.1:"));
    }
}
