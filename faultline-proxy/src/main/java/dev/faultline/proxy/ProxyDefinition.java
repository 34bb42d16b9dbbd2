package dev.faultline.proxy;

import java.util.Optional;

/** A proxy as given to {@code POST /proxies}, {@code /populate} or the config file. */
record ProxyDefinition(String name, String listen, String upstream, Optional<Boolean> enabled) {

    boolean enabledOrDefault() {
        return enabled.orElse(true);
    }
}
