package dev.faultline.proxy;

import java.io.IOException;
import java.net.Socket;

/** Base for the per-toxic tests: measuring real traffic through the proxy to the echo server. */
public abstract class ToxicTestBase extends ProxyTestBase {

    /** Sends one byte and waits for its echo; returns the round trip in milliseconds. */
    protected static long roundTripMillis(Socket socket) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write('x');
        int echoed = socket.getInputStream().read();
        if (echoed != 'x') {
            throw new IOException("expected the echo of 'x', got " + echoed);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    protected static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
