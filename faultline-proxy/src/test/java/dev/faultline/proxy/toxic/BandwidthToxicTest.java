package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.proxy.ToxicTestBase;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BandwidthToxicTest extends ToxicTestBase {

    @Test
    void throughputStaysUnderTheRate() throws Exception {
        Proxy proxy = echoProxy("bw");
        proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 100); // 100 KB/s = 100,000 B/s
        byte[] payload = new byte[60_000];
        Arrays.fill(payload, (byte) 7);
        try (Socket socket = connect(proxy)) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(payload);
            byte[] back = readFully(socket.getInputStream(), payload.length);
            // 60,000 bytes at 100,000 B/s take 0.6 s; the first 100 ms piece may go at once.
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(450);
            assertThat(back).isEqualTo(payload);
        }
    }

    @Test
    void rateZeroHoldsDataUntilTheToxicIsRemoved() throws Exception {
        Proxy proxy = echoProxy("cut");
        var cut = proxy.toxics().bandwidth("cut", ToxicDirection.DOWNSTREAM, 0);
        try (Socket socket = connect(proxy)) {
            socket.getOutputStream().write("held".getBytes());
            socket.setSoTimeout(500);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            cut.remove();
            socket.setSoTimeout(5000);
            assertThat(new String(readFully(socket.getInputStream(), 4))).isEqualTo("held");
        }
    }
}
