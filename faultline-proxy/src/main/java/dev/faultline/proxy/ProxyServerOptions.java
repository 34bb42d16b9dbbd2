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
 * @param apiIdleTimeoutMs an API connection that sends nothing for this long is closed (idle
 *                   keep-alive and half-sent requests alike); default 30000
 * @param resolver   resolves listen and upstream host names off the event loops; default {@link HostResolver#system()}
 * @param dataThreads event loops carrying proxied traffic; 0 (default) means one per core, or
 *                   {@code -Dfaultline.proxy.threads}
 */
public record ProxyServerOptions(String host, int port, Optional<Path> configFile, Optional<String> apiToken,
                                 Consumer<String> auditSink, long apiIdleTimeoutMs, HostResolver resolver,
                                 int dataThreads) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8474;
    public static final String TOKEN_ENV = "FAULTLINE_PROXY_TOKEN";
    public static final long DEFAULT_API_IDLE_TIMEOUT_MS = 30_000;

    public ProxyServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(resolver, "resolver");
        if (apiIdleTimeoutMs < 1 || apiIdleTimeoutMs > 86_400_000) {
            throw new IllegalArgumentException("apiIdleTimeoutMs must be between 1 and 86400000, got " + apiIdleTimeoutMs);
        }
        if (dataThreads < 0 || dataThreads > 1024) {
            throw new IllegalArgumentException("dataThreads must be between 0 and 1024, got " + dataThreads);
        }
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(apiToken, "apiToken");
        Objects.requireNonNull(auditSink, "auditSink");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** The options before the idle timeout, resolver and thread count existed; those get their defaults. */
    public ProxyServerOptions(String host, int port, Optional<Path> configFile, Optional<String> apiToken,
                              Consumer<String> auditSink) {
        this(host, port, configFile, apiToken, auditSink, DEFAULT_API_IDLE_TIMEOUT_MS, HostResolver.system(), 0);
    }

    /** The same defaults as Toxiproxy's server, except the host is the loopback IP literal. */
    public static ProxyServerOptions defaults() {
        return new ProxyServerOptions(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), Optional.empty(),
                System.err::println);
    }

    public ProxyServerOptions withApiIdleTimeoutMs(long timeoutMs) {
        return new ProxyServerOptions(host, port, configFile, apiToken, auditSink, timeoutMs, resolver, dataThreads);
    }

    public ProxyServerOptions withResolver(HostResolver newResolver) {
        return new ProxyServerOptions(host, port, configFile, apiToken, auditSink, apiIdleTimeoutMs, newResolver, dataThreads);
    }

    public ProxyServerOptions withDataThreads(int threads) {
        return new ProxyServerOptions(host, port, configFile, apiToken, auditSink, apiIdleTimeoutMs, resolver, threads);
    }

    public ProxyServerOptions withHost(String newHost) {
        return new ProxyServerOptions(newHost, port, configFile, apiToken, auditSink, apiIdleTimeoutMs, resolver, dataThreads);
    }

    public ProxyServerOptions withPort(int newPort) {
        return new ProxyServerOptions(host, newPort, configFile, apiToken, auditSink, apiIdleTimeoutMs, resolver, dataThreads);
    }

    public ProxyServerOptions withConfigFile(Path file) {
        return new ProxyServerOptions(host, port, Optional.of(file), apiToken, auditSink, apiIdleTimeoutMs, resolver, dataThreads);
    }

    public ProxyServerOptions withApiToken(String token) {
        return new ProxyServerOptions(host, port, configFile, Optional.of(token), auditSink, apiIdleTimeoutMs, resolver, dataThreads);
    }

    public ProxyServerOptions withAuditSink(Consumer<String> sink) {
        return new ProxyServerOptions(host, port, configFile, apiToken, sink, apiIdleTimeoutMs, resolver, dataThreads);
    }
}
