package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.proxy.ToxicTestBase;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class SlowCloseToxicTest extends ToxicTestBase {

    @Test
    void theClientSeesTheCloseOnlyAfterTheDelay() throws Exception {
        Proxy proxy = echoProxy("sc");
        proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 300);
        try (Socket socket = connect(proxy)) {
            assertThat(roundTripMillis(socket)).isLessThan(300 + 10_000); // data passes untouched
            long start = System.nanoTime();
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(280);
        }
    }
}
