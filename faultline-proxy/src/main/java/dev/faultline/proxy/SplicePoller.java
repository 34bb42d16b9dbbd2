package dev.faultline.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * One per event loop: tells splicing links when their sockets are readable or writable.
 *
 * <p>A socket is already registered in the event loop's epoll set by its Netty channel, which
 * must keep it (Netty still sees end of input and errors there), and the same fd cannot be added
 * twice to one set. So the sockets of splicing links go into a second epoll set of our own, and
 * that set's fd is registered with the event loop as one more handle: when it is readable the
 * loop calls {@link #handle}, which collects the ready sockets without waiting. Everything runs
 * on the loop's thread, as the links do, so nothing here is locked.
 *
 * <p>Also keeps a few empty pipes for reuse: a link holds a pipe only while bytes are in it.
 */
final class SplicePoller implements EpollIoHandle {

    private static final int EVENTS_PER_WAKEUP = 128;
    private static final int SPARE_PIPES = 16;
    private static final FastThreadLocal<SplicePoller> PER_LOOP = new FastThreadLocal<>();

    /** A socket in this poller's set, told which of its events arrived. */
    interface Watcher {
        void ready(int epollFlags);
    }

    private final FileDescriptor epoll;
    private final Object events;
    private final IntObjectMap<Watcher> watchers = new IntObjectHashMap<>();
    private final ArrayDeque<FileDescriptor[]> sparePipes = new ArrayDeque<>();
    private boolean closed;

    private SplicePoller(FileDescriptor epoll) {
        this.epoll = epoll;
        this.events = SpliceSupport.newEvents(EVENTS_PER_WAKEUP);
    }

    /**
     * The poller of the calling event loop thread, created on first use; null when splicing is
     * unavailable or the poller could not be set up (then links relay through the buffered path).
     */
    static SplicePoller forLoop(EventLoop loop) {
        if (!SpliceSupport.AVAILABLE || !loop.inEventLoop() || !(loop instanceof IoEventLoop ioLoop)) {
            return null;
        }
        SplicePoller poller = PER_LOOP.getIfExists();
        if (poller == null) {
            try {
                poller = new SplicePoller(Native.newEpollCreate());
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
            PER_LOOP.set(poller);
            SplicePoller registered = poller;
            ioLoop.register(poller).addListener(done -> {
                if (done.isSuccess()) {
                    ((IoRegistration) done.getNow()).submit(EpollIoOps.EPOLLIN);
                } else {
                    registered.close();
                }
            });
        }
        return poller.closed ? null : poller;
    }

    @Override
    public FileDescriptor fd() {
        return epoll;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (closed) {
            return;
        }
        int ready;
        try {
            ready = SpliceSupport.poll(epoll, events);
        } catch (IOException e) {
            return;
        }
        for (int i = 0; i < ready; i++) {
            Watcher watcher = watchers.get(SpliceSupport.fd(events, i));
            if (watcher != null) {
                watcher.ready(SpliceSupport.flags(events, i));
            }
        }
        // More ready than fit: the set's fd stays readable (level-triggered), so the loop calls again.
    }

    /**
     * Sets what {@code watcher} waits for on {@code fd} (edge-triggered); {@code flags} 0 removes
     * it. A watcher only ever changes its own entry: an fd closed by Netty leaves the set by itself,
     * and its number may already belong to another watcher, whose entry must stay.
     */
    void watch(int fd, Watcher watcher, int flags, int previousFlags) throws IOException {
        if (closed) {
            throw new IOException("splice poller closed");
        }
        if (flags == 0) {
            if (watchers.get(fd) == watcher) {
                watchers.remove(fd);
                try {
                    Native.epollCtlDel(epoll.intValue(), fd);
                } catch (IOException ignored) {
                    // Already closed (and so already out of the set).
                }
            }
            return;
        }
        int events = flags | Native.EPOLLET;
        if (previousFlags != 0 && watchers.get(fd) == watcher) {
            Native.epollCtlMod(epoll.intValue(), fd, events);
        } else {
            Native.epollCtlAdd(epoll.intValue(), fd, events);
            watchers.put(fd, watcher);
        }
    }

    /** An empty non-blocking pipe ({@code [read end, write end]}); null when none can be made (EMFILE). */
    FileDescriptor[] borrowPipe() {
        FileDescriptor[] pipe = sparePipes.poll();
        if (pipe != null) {
            return pipe;
        }
        try {
            return FileDescriptor.pipe();
        } catch (IOException e) {
            return null;
        }
    }

    /** Takes back a pipe that is empty again. */
    void returnPipe(FileDescriptor[] pipe) {
        if (!closed && sparePipes.size() < SPARE_PIPES) {
            sparePipes.push(pipe);
        } else {
            closePipe(pipe);
        }
    }

    static void closePipe(FileDescriptor[] pipe) {
        for (FileDescriptor end : pipe) {
            try {
                end.close();
            } catch (IOException ignored) {
                // Nothing left to do for a pipe end that will not close.
            }
        }
    }

    /** The event loop is shutting down. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sparePipes.forEach(SplicePoller::closePipe);
        sparePipes.clear();
        watchers.clear();
        try {
            epoll.close();
        } catch (IOException ignored) {
            // Closing at shutdown: nothing to recover.
        }
        SpliceSupport.freeEvents(events);
    }
}
