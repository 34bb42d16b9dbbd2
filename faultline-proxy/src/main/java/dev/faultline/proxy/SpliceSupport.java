package dev.faultline.proxy;

import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * The native calls of the zero-copy relay, all taken from Netty's own epoll library (no library
 * of ours to build or load). {@code splice}, {@code pipe} and {@code epoll_ctl} are public Netty
 * API; reading events from our own epoll set needs Netty's {@code EpollEventArray}, whose
 * constructor and accessors are package-private, so they are looked up reflectively once. When any
 * of it is missing (another Netty version, NIO transport, {@code -Dfaultline.proxy.splice=false})
 * {@link #AVAILABLE} is false and every link relays through the buffered path.
 */
final class SpliceSupport {

    /** Whether links may splice: epoll transport, natives found, not switched off. */
    static final boolean AVAILABLE;
    /** Why splicing is off (for diagnostics and tests); empty when available. */
    static final String UNAVAILABLE_REASON;

    private static final MethodHandle NEW_EVENTS;
    private static final MethodHandle EVENT_FLAGS;
    private static final MethodHandle EVENT_FD;
    private static final MethodHandle FREE_EVENTS;
    private static final MethodHandle WAIT;

    static {
        MethodHandle newEvents = null;
        MethodHandle flags = null;
        MethodHandle fd = null;
        MethodHandle free = null;
        MethodHandle wait = null;
        String reason = "";
        if (!Transport.isEpoll()) {
            reason = "the epoll transport is not in use";
        } else if (!Boolean.parseBoolean(System.getProperty("faultline.proxy.splice", "true"))) {
            reason = "switched off with -Dfaultline.proxy.splice=false";
        } else {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                Class<?> array = Class.forName("io.netty.channel.epoll.EpollEventArray");
                Constructor<?> constructor = array.getDeclaredConstructor(int.class);
                constructor.setAccessible(true);
                newEvents = lookup.unreflectConstructor(constructor).asType(MethodType.methodType(Object.class, int.class));
                flags = accessible(lookup, array.getDeclaredMethod("events", int.class))
                        .asType(MethodType.methodType(int.class, Object.class, int.class));
                fd = accessible(lookup, array.getDeclaredMethod("fd", int.class))
                        .asType(MethodType.methodType(int.class, Object.class, int.class));
                free = accessible(lookup, array.getDeclaredMethod("free"))
                        .asType(MethodType.methodType(void.class, Object.class));
                wait = accessible(lookup, Native.class.getDeclaredMethod("epollWait", FileDescriptor.class, array, int.class))
                        .asType(MethodType.methodType(int.class, FileDescriptor.class, Object.class, int.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                reason = "Netty's epoll internals differ from 4.2 (" + e + ")";
            }
        }
        AVAILABLE = reason.isEmpty();
        UNAVAILABLE_REASON = reason;
        NEW_EVENTS = newEvents;
        EVENT_FLAGS = flags;
        EVENT_FD = fd;
        FREE_EVENTS = free;
        WAIT = wait;
    }

    private SpliceSupport() {
    }

    private static MethodHandle accessible(MethodHandles.Lookup lookup, Method method) throws IllegalAccessException {
        method.setAccessible(true);
        return lookup.unreflect(method);
    }

    static Object newEvents(int size) {
        try {
            return NEW_EVENTS.invokeExact(size);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot allocate epoll events", e);
        }
    }

    static void freeEvents(Object events) {
        try {
            FREE_EVENTS.invokeExact(events);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot free epoll events", e);
        }
    }

    /** Ready events of {@code epoll} without waiting; their flags and fds via the accessors below. */
    static int poll(FileDescriptor epoll, Object events) throws IOException {
        try {
            return (int) WAIT.invokeExact(epoll, events, 0);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    static int flags(Object events, int index) {
        try {
            return (int) EVENT_FLAGS.invokeExact(events, index);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static int fd(Object events, int index) {
        try {
            return (int) EVENT_FD.invokeExact(events, index);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Moves up to {@code length} bytes from {@code in} to {@code out} without copying them into
     * user space (non-blocking). Returns 0 when nothing can move now: Netty maps EAGAIN to 0, and
     * end of input also reads 0, which the caller need not tell apart (Netty's own EPOLLRDHUP
     * handling on the channel reports end of input).
     */
    static int splice(int in, int out, int length) throws IOException {
        return Native.splice(in, -1, out, -1, length);
    }
}
