package dev.faultline.proxy;

import dev.faultline.proxy.toxic.ToxicSpec;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All proxies by name (sorted, as Go's JSON encoder sorts map keys). Every mutation holds the
 * registry's lock, like Toxiproxy's ProxyCollection, so API calls apply one at a time.
 */
final class ProxyRegistry {

    private final EventLoopGroup group;
    private final Map<String, ProxyInstance> proxies = new TreeMap<>();

    ProxyRegistry(EventLoopGroup group) {
        this.group = group;
    }

    synchronized List<ProxyInstance> all() {
        return List.copyOf(proxies.values());
    }

    synchronized ProxyInstance get(String name) throws ApiException {
        ProxyInstance proxy = proxies.get(name);
        if (proxy == null) {
            throw ApiException.proxyNotFound();
        }
        return proxy;
    }

    synchronized ProxyInstance create(ProxyDefinition definition) throws ApiException {
        if (proxies.containsKey(definition.name())) {
            throw ApiException.proxyExists();
        }
        ProxyInstance proxy = new ProxyInstance(definition.name(), definition.listen(), definition.upstream(), group);
        if (definition.enabledOrDefault()) {
            proxy.start();
        }
        proxies.put(proxy.name(), proxy);
        return proxy;
    }

    /** Applies a partial update; a changed listen or upstream restarts the proxy (drops connections). */
    synchronized ProxyInstance update(String name, Optional<String> listen, Optional<String> upstream,
                                      Optional<Boolean> enabled) throws ApiException {
        ProxyInstance proxy = get(name);
        String newListen = listen.orElse(proxy.listen());
        String newUpstream = upstream.orElse(proxy.upstream());
        boolean newEnabled = enabled.orElse(proxy.enabled());
        boolean listenChanged = !newListen.equals(proxy.listen())
                && !ListenAddress.format(ListenAddress.resolve(newListen, true)).equals(proxy.listen());
        if (listenChanged || !newUpstream.equals(proxy.upstream())) {
            boolean wasEnabled = proxy.enabled();
            proxy.stop();
            proxy.setAddresses(newListen, newUpstream);
            if (wasEnabled && newEnabled) {
                proxy.start();
            }
        }
        if (newEnabled && !proxy.enabled()) {
            proxy.start();
        } else if (!newEnabled && proxy.enabled()) {
            proxy.stop();
        }
        return proxy;
    }

    synchronized void delete(String name) throws ApiException {
        ProxyInstance proxy = get(name);
        proxy.stop();
        proxies.remove(name);
    }

    /** Re-enables every proxy and removes every toxic; connections stay (except timeout's). */
    synchronized void reset() throws ApiException {
        for (ProxyInstance proxy : proxies.values()) {
            proxy.start();
            proxy.toxics().forEach(proxy::removeToxic);
        }
    }

    /**
     * Creates or replaces proxies in order; an existing proxy with the same listen and upstream is
     * kept untouched (with its toxics).
     */
    synchronized List<ProxyInstance> populate(List<ProxyDefinition> definitions) throws PopulateException {
        for (int i = 0; i < definitions.size(); i++) {
            ProxyDefinition definition = definitions.get(i);
            if (definition.name().isEmpty()) {
                throw new PopulateException(ApiException.missingField("name at proxy " + (i + 1)), null);
            }
            if (definition.upstream().isEmpty()) {
                throw new PopulateException(ApiException.missingField("upstream at proxy " + (i + 1)), null);
            }
        }
        List<ProxyInstance> result = new ArrayList<>();
        for (ProxyDefinition definition : definitions) {
            try {
                result.add(addOrReplace(definition));
            } catch (ApiException e) {
                throw new PopulateException(e, result);
            }
        }
        return result;
    }

    private ProxyInstance addOrReplace(ProxyDefinition definition) throws ApiException {
        ProxyInstance existing = proxies.get(definition.name());
        if (existing != null) {
            if (sameAddresses(existing, definition)) {
                return existing;
            }
            existing.stop();
            proxies.remove(definition.name());
        }
        return create(definition);
    }

    private static boolean sameAddresses(ProxyInstance existing, ProxyDefinition definition) {
        if (!existing.upstream().equals(definition.upstream())) {
            return false;
        }
        if (existing.listen().equals(definition.listen())) {
            return true;
        }
        try {
            return ListenAddress.format(ListenAddress.resolve(definition.listen(), true)).equals(existing.listen());
        } catch (ApiException e) {
            return false;
        }
    }

    synchronized ToxicSpec addToxic(String proxyName, ToxicSpec spec) throws ApiException {
        ProxyInstance proxy = get(proxyName);
        if (proxy.toxic(spec.name()).isPresent()) {
            throw ApiException.toxicExists();
        }
        proxy.addToxic(spec);
        return spec;
    }

    synchronized ToxicSpec toxic(String proxyName, String toxicName) throws ApiException {
        return get(proxyName).toxic(toxicName).orElseThrow(ApiException::toxicNotFound);
    }

    synchronized void updateToxic(String proxyName, ToxicSpec updated) throws ApiException {
        get(proxyName).updateToxic(updated);
    }

    synchronized ToxicSpec removeToxic(String proxyName, String toxicName) throws ApiException {
        ProxyInstance proxy = get(proxyName);
        ToxicSpec spec = proxy.toxic(toxicName).orElseThrow(ApiException::toxicNotFound);
        proxy.removeToxic(spec);
        return spec;
    }

    /** Stops every proxy (server shutdown). */
    synchronized void stopAll() {
        proxies.values().forEach(ProxyInstance::stop);
    }
}
