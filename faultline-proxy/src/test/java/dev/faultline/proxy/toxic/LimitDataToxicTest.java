package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.proxy.ToxicTestBase;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class LimitDataToxicTest extends ToxicTestBase {

    @Test
    void cutsTheStreamAtTheLimitThenCloses() throws Exception {
        Proxy proxy = echoProxy("ld");
        proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 10);
        try (Socket socket = connect(proxy)) {
            socket.getOutputStream().write("0123456789abcdef".getBytes());
            byte[] all = socket.getInputStream().readAllBytes();
            assertThat(new String(all)).isEqualTo("0123456789");
        }
    }

    @Test
    void countsAcrossChunks() throws Exception {
        Proxy proxy = echoProxy("ld2");
        proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 5);
        try (Socket socket = connect(proxy)) {
            assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(0);
            assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(0);
            socket.getOutputStream().write("abcdef".getBytes());
            assertThat(new String(socket.getInputStream().readAllBytes())).isEqualTo("abc");
        }
    }
}
