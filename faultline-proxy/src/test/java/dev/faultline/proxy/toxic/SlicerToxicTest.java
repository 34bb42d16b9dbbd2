package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.proxy.ToxicTestBase;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlicerToxicTest extends ToxicTestBase {

    @Test
    void slicesArriveSeparatelyDelayedAndIntact() throws Exception {
        Proxy proxy = echoProxy("sl");
        proxy.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 10, 2000); // 10 bytes, 2 ms apart
        byte[] payload = new byte[200];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (Socket socket = connect(proxy)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(payload);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            List<Integer> readSizes = new ArrayList<>();
            byte[] buffer = new byte[1024];
            while (received.size() < payload.length) {
                int n = in.read(buffer);
                readSizes.add(n);
                received.write(buffer, 0, n);
            }
            assertThat(received.toByteArray()).isEqualTo(payload);
            // 200 bytes in pieces of at most 10 bytes, 2 ms apart: at least 19 gaps.
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(30);
            assertThat(readSizes).hasSizeGreaterThan(5).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(100));
        }
    }

    @Test
    void sizesStayWithinAverageAndVariation() {
        SlicerToxic slicer = new SlicerToxic(10, 3, 0, null);
        List<Integer> sizes = new ArrayList<>();
        slicer.slice(1000, sizes);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 13));
    }
}
