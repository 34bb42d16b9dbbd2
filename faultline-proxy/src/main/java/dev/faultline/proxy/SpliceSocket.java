package dev.faultline.proxy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.Native;
import java.io.IOException;

/**
 * One socket of a connection as the splice path sees it: its fd, the link that reads from it and
 * the link that writes to it. It is in the {@link SplicePoller}'s set only while one of those two
 * links splices: for readability while the reading link splices, for writability while the
 * writing link does, so links on the buffered path cost the poller nothing.
 */
final class SpliceSocket implements SplicePoller.Watcher {

    private final SplicePoller poller;
    private final int fd;
    private Link reader;
    private Link writer;
    private int flags;

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

    /** Re-reads which links splice and changes the poller's entry if that changed. */
    void update() throws IOException {
        int wanted = (reader != null && reader.splicing() ? Native.EPOLLIN : 0)
                | (writer != null && writer.splicing() ? Native.EPOLLOUT : 0);
        if (wanted != flags) {
            int previous = flags;
            flags = wanted;
            poller.watch(fd, this, wanted, previous);
        }
    }

    @Override
    public void ready(int epollFlags) {
        // Errors and hang-ups are reported whatever was asked: both links try and see the error.
        if ((epollFlags & (Native.EPOLLOUT | Native.EPOLLERR)) != 0 && writer != null) {
            writer.spliceWritable();
        }
        if ((epollFlags & ~Native.EPOLLOUT) != 0 && reader != null) {
            reader.spliceReadable();
        }
    }
}
