package dev.faultline.proxy;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Parses and prints {@code host:port} addresses the way Go's net package does. */
final class ListenAddress {

    private ListenAddress() {
    }

    /** How long an API call waits for a listen address lookup before giving up with a 500. */
    static final long LOOKUP_TIMEOUT_MS = 10_000;

    /** A parsed address: {@code host} without brackets, empty for all interfaces. */
    record HostPort(String host, int port) {
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, {@code :port} or {@code ""} (all interfaces,
     * ephemeral port) without resolving anything.
     *
     * @throws ApiException 500 with Go's wording when the address is unusable
     */
    static HostPort parse(String address, boolean listening) throws ApiException {
        if (address.isEmpty() && listening) {
            return new HostPort("", 0);
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new ApiException(500, "address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        String portText = address.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new ApiException(500, "address " + address + ": too many colons in address");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ApiException(500, "address " + address + ": invalid port");
        }
        return new HostPort(host, port);
    }

    /** The address of an IP literal (or all interfaces for ""), or null when the host is a name to look up. */
    static InetSocketAddress literal(HostPort parsed) {
        if (parsed.host().isEmpty()) {
            return new InetSocketAddress(parsed.port());
        }
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(parsed.host());
        return ip == null ? null : new InetSocketAddress(ip, parsed.port());
    }

    /** Resolves without blocking: IP literals at once, names through {@code resolver}. */
    static CompletableFuture<InetSocketAddress> resolveAsync(HostPort parsed, HostResolver resolver) {
        InetSocketAddress literal = literal(parsed);
        if (literal != null) {
            return CompletableFuture.completedFuture(literal);
        }
        CompletableFuture<InetAddress> lookup;
        try {
            lookup = resolver.resolve(parsed.host());
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        return lookup.thenApply(ip -> new InetSocketAddress(ip, parsed.port()));
    }

    /**
     * Parses and resolves for an API call (listen addresses): waits for the resolver at most
     * {@link #LOOKUP_TIMEOUT_MS}, on the calling API worker, never on an event loop.
     *
     * @throws ApiException 500 with Go's wording when the address is unusable or the host unknown
     */
    static InetSocketAddress resolve(String address, boolean listening, HostResolver resolver) throws ApiException {
        HostPort parsed = parse(address, listening);
        try {
            return resolveAsync(parsed, resolver).get(LOOKUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(500, "lookup " + parsed.host() + ": no answer within " + LOOKUP_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(500, "lookup " + parsed.host() + ": interrupted");
        } catch (ExecutionException e) {
            throw new ApiException(500, "lookup " + parsed.host() + ": no such host");
        }
    }

    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return host + ":" + address.getPort();
    }
}
