package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.proxy.ToxicTestBase;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ResetPeerToxicTest extends ToxicTestBase {

    @Test
    void newConnectionsAreResetAfterTheTimeout() throws Exception {
        Proxy proxy = echoProxy("rp");
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 200);
        try (Socket socket = connect(proxy)) {
            long start = System.nanoTime();
            socket.getOutputStream().write("x".getBytes());
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketException.class).hasMessageContaining("reset");
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(190);
        }
    }

    @Test
    void connectionsOpenedBeforeTheToxicGetAPlainClose() throws Exception {
        Proxy proxy = echoProxy("old");
        try (Socket socket = connect(proxy)) {
            roundTripMillis(socket);
            proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 0);
            socket.getOutputStream().write("x".getBytes());
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
