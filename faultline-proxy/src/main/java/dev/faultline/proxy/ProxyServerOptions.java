package dev.faultline.proxy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to start a {@link ProxyServer}.
 *
 * @param host       interface the HTTP API binds to (Toxiproxy's {@code -host}); default 127.0.0.1
 * @param port       HTTP API port (Toxiproxy's {@code -port}); default 8474, 0 picks a free port
 * @param configFile JSON array of proxies (the {@code /populate} format) created before the API starts
 * @param apiToken   when present, every API call must send it as {@code X-Faultline-Token} or
 *                   {@code Authorization: Bearer}; when empty, env {@code FAULTLINE_PROXY_TOKEN} is used
 * @param auditSink  receives one JSON line per change made through the API; default: standard error
 */
public record ProxyServerOptions(String host, int port, Optional<Path> configFile, Optional<String> apiToken,
                                 Consumer<String> auditSink) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8474;
    public static final String TOKEN_ENV = "FAULTLINE_PROXY_TOKEN";

    public ProxyServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(apiToken, "apiToken");
        Objects.requireNonNull(auditSink, "auditSink");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** The same defaults as Toxiproxy's server, except the host is the loopback IP literal. */
    public static ProxyServerOptions defaults() {
        return new ProxyServerOptions(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), Optional.empty(),
                System.err::println);
    }

    public ProxyServerOptions withHost(String newHost) {
        return new ProxyServerOptions(newHost, port, configFile, apiToken, auditSink);
    }

    public ProxyServerOptions withPort(int newPort) {
        return new ProxyServerOptions(host, newPort, configFile, apiToken, auditSink);
    }

    public ProxyServerOptions withConfigFile(Path file) {
        return new ProxyServerOptions(host, port, Optional.of(file), apiToken, auditSink);
    }

    public ProxyServerOptions withApiToken(String token) {
        return new ProxyServerOptions(host, port, configFile, Optional.of(token), auditSink);
    }

    public ProxyServerOptions withAuditSink(Consumer<String> sink) {
        return new ProxyServerOptions(host, port, configFile, apiToken, sink);
    }
}
