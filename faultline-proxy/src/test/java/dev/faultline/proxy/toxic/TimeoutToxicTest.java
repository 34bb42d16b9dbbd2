package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.proxy.ToxicTestBase;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutToxicTest extends ToxicTestBase {

    @Test
    void dropsDataAndClosesAfterTheTimeout() throws Exception {
        Proxy proxy = echoProxy("to");
        proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 300);
        try (Socket socket = connect(proxy)) {
            long start = System.nanoTime();
            socket.getOutputStream().write("lost".getBytes());
            assertThat(socket.getInputStream().read()).as("no echo, then EOF").isEqualTo(-1);
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(280);
        }
    }

    @Test
    void zeroHoldsTheConnectionOpenAndRemovalClosesIt() throws Exception {
        Proxy proxy = echoProxy("hold");
        var timeout = proxy.toxics().timeout("hold", ToxicDirection.UPSTREAM, 0);
        try (Socket socket = connect(proxy)) {
            socket.getOutputStream().write("lost".getBytes());
            socket.setSoTimeout(600);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            timeout.remove();
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
