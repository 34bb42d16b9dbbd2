package dev.faultline.proxy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.Native;
import java.io.IOException;

/**
 * One socket of a connection as the splice path sees it: its fd, the link that reads from it and
 * the link that writes to it. It is in the {@link SplicePoller}'s set only while one of those two
 * links splices and can act (see {@link #update}), so links on the buffered path cost the poller
 * nothing.
 */
final class SpliceSocket implements SplicePoller.Watcher {

    private final SplicePoller poller;
    private final int fd;
    private Link reader;
    private Link writer;
    private int flags;
    private boolean broken;
    /** epoll's EPOLLHUP (not among Netty's public constants; the Linux value). */
    private static final int EPOLLHUP = 0x010;

    private SpliceSocket(SplicePoller poller, int fd) {
        this.poller = poller;
        this.fd = fd;
    }

    /** The splice view of {@code channel}, or null when it cannot splice (NIO, no poller). */
    static SpliceSocket of(Channel channel) {
        if (!(channel instanceof EpollSocketChannel epollChannel)) {
            return null;
        }
        SplicePoller poller = SplicePoller.forLoop(channel.eventLoop());
        return poller == null ? null : new SpliceSocket(poller, epollChannel.fd().intValue());
    }

    int fd() {
        return fd;
    }

    SplicePoller poller() {
        return poller;
    }

    void readBy(Link link) {
        this.reader = link;
    }

    void writtenBy(Link link) {
        this.writer = link;
    }

    /**
     * Re-reads what the two links wait for and changes the poller's entry if that changed. The
     * entry is level-triggered, so it asks only for what a link can act on now: readable while
     * the reading link's pipe is empty, writable while the writing link's pipe holds bytes.
     */
    void update() throws IOException {
        int wanted = broken ? 0 : (reader != null && reader.wantsReadable() ? Native.EPOLLIN | Native.EPOLLRDHUP : 0)
                | (writer != null && writer.wantsWritable() ? Native.EPOLLOUT : 0);
        if (wanted != flags) {
            int previous = flags;
            flags = wanted;
            poller.watch(fd, this, wanted, previous);
        }
    }

    @Override
    public void ready(int epollFlags) {
        if ((epollFlags & (Native.EPOLLERR | EPOLLHUP)) != 0 && !broken) {
            // Reported whatever was asked, and level-triggered: again and again until Netty closes
            // the fd. Out of the set for good; Netty's own (edge-triggered) entry handles the rest.
            broken = true;
            try {
                update();
            } catch (IOException ignored) {
                // Removing: the fd may already be closed, which removed it.
            }
        }
        if ((epollFlags & (Native.EPOLLOUT | Native.EPOLLERR | EPOLLHUP)) != 0 && writer != null) {
            writer.spliceWritable();
        }
        if ((epollFlags & ~Native.EPOLLOUT) != 0 && reader != null) {
            reader.spliceReadable((epollFlags & (Native.EPOLLRDHUP | EPOLLHUP)) != 0);
        }
    }
}
