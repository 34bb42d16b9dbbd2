package dev.faultline.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses and prints {@code host:port} addresses the way Go's net package does. */
final class ListenAddress {

    private ListenAddress() {
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, {@code :port} or {@code ""} (all interfaces,
     * ephemeral port), resolving the host.
     *
     * @throws ApiException 500 with Go's wording when the address is unusable
     */
    static InetSocketAddress resolve(String address, boolean listening) throws ApiException {
        if (address.isEmpty() && listening) {
            return new InetSocketAddress(0);
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
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ApiException(500, "lookup " + host + ": no such host");
        }
    }

    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return host + ":" + address.getPort();
    }
}
