package dev.faultline.proxy.toxic;

import io.netty.util.concurrent.EventExecutor;

/** What a toxic stage may ask of the link (one direction of one connection) it runs in. */
public interface LinkContext {

    /** The connection's event loop: stages schedule their timers here. */
    EventExecutor executor();

    /** Records that a stage discarded {@code bytes} that will never reach the other socket. */
    void dropped(int bytes);

    /** Closes both sockets of the connection now (with RST when a reset_peer armed SO_LINGER 0). */
    void closeConnection();
}
