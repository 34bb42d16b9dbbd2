package dev.faultline.proxy;

import java.nio.file.Path;

/** Parses {@link ProxyServer#main}'s flags; the faultline CLI uses picocli instead. */
final class ProxyCommandLine {

    private ProxyCommandLine() {
    }

    static ProxyServerOptions parse(String[] args) {
        ProxyServerOptions options = ProxyServerOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String value = args[++i];
            options = switch (flag) {
                case "--host" -> options.withHost(value);
                case "--port" -> options.withPort(Integer.parseInt(value));
                case "--config" -> options.withConfigFile(Path.of(value));
                case "--api-token" -> options.withApiToken(value);
                case "--api-idle-timeout-ms" -> options.withApiIdleTimeoutMs(Long.parseLong(value));
                default -> throw new IllegalArgumentException("unknown flag " + flag
                        + " (expected --host, --port, --config, --api-token or --api-idle-timeout-ms)");
            };
        }
        return options;
    }
}
