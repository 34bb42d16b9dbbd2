package dev.faultline.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.proxy.ToxicTestBase;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class LatencyToxicTest extends ToxicTestBase {

    @Test
    void downstreamLatencyDelaysEveryRoundTrip() throws Exception {
        Proxy proxy = echoProxy("lat");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        try (Socket socket = connect(proxy)) {
            for (int i = 0; i < 3; i++) {
                assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(95);
            }
        }
    }

    @Test
    void upstreamAndDownstreamLatenciesAddUp() throws Exception {
        Proxy proxy = echoProxy("both");
        proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 60);
        proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, 60);
        try (Socket socket = connect(proxy)) {
            assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(115);
        }
    }

    @Test
    void appliesToAnOpenConnectionAtOnceAndStopsWhenRemoved() throws Exception {
        Proxy proxy = echoProxy("live");
        try (Socket socket = connect(proxy)) {
            roundTripMillis(socket);
            var toxic = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 150);
            assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(145);
            toxic.remove();
            long after = roundTripMillis(socket);
            assertThat(after).isLessThan(150 + 5000); // still connected and answering
        }
    }

    @Test
    void jitterKeepsEachDelayWithinLatencyPlusOrMinusJitter() throws Exception {
        Proxy proxy = echoProxy("jitter");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100).setJitter(40);
        try (Socket socket = connect(proxy)) {
            for (int i = 0; i < 5; i++) {
                assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(58);
            }
        }
    }

    @Test
    void toxicityZeroNeverApplies() throws Exception {
        Proxy proxy = echoProxy("never");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 2000).setToxicity(0f);
        try (Socket socket = connect(proxy)) {
            // With the toxic applied this read would take 2 s and trip the 1 s socket timeout.
            socket.setSoTimeout(1000);
            roundTripMillis(socket);
        }
    }

    @Test
    void toxicityIsDrawnPerConnection() throws Exception {
        Proxy proxy = echoProxy("half");
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 60).setToxicity(0.5f);
        int delayed = 0;
        for (int i = 0; i < 40; i++) {
            try (Socket socket = connect(proxy)) {
                if (roundTripMillis(socket) >= 55) {
                    delayed++;
                }
            }
        }
        // Binomial(40, 0.5): outside [5, 35] has probability below 1e-6.
        assertThat(delayed).isBetween(5, 35);
    }
}
