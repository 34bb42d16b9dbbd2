package dev.faultline.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.proxy.toxic.ToxicSpec;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * All proxies by name (sorted, as Go's JSON encoder sorts map keys). Every mutation holds the
 * registry's lock, like Toxiproxy's ProxyCollection, so API calls apply one at a time.
 */
final class ProxyRegistry {

    private final EventLoopGroup group;
    private final HostResolver resolver;
    private final Map<String, ProxyInstance> proxies = new TreeMap<>();
    private final LeaseTable leases = new LeaseTable();
    private final LongAdder expiredToxics = new LongAdder();
    private final LongAdder expiredProxies = new LongAdder();
    private final LongAdder expiredDisables = new LongAdder();
    /** Proxies whose disable lease expired but which could not be enabled again; retried every second. */
    private final Set<String> reenableFailing = new HashSet<>();
    private Runnable leasesChanged = () -> { };

    /** How long an expired disable lease waits before enabling its proxy again after a failure. */
    static final long REENABLE_RETRY_MS = 1_000;

    /**
     * What {@link #expireDue} did: the lease, and the object as it was configured before removal
     * ({@link Lease.Action#DELETE}) or after being enabled again ({@link Lease.Action#ENABLE}).
     *
     * @param failure why enabling the proxy again failed (it is retried), or null
     */
    record Expired(Lease lease, JsonNode attributes, String failure) {
    }

    /** Lease figures for {@code /metrics}. */
    record LeaseStats(int active, long expiredToxics, long expiredProxies, long expiredDisables) {
    }

    ProxyRegistry(EventLoopGroup group, HostResolver resolver) {
        this.group = group;
        this.resolver = resolver;
    }

    /** Called (under the registry lock; it must only hand off) whenever a deadline may have moved. */
    synchronized void onLeasesChanged(Runnable listener) {
        this.leasesChanged = listener;
    }

    /**
     * Longest proxy or toxic name, in UTF-8 bytes: percent-escaped (3 characters a byte), a proxy
     * name and a toxic name still fit in the API's request line, so every object stays addressable
     * (a longer name once made a proxy that could never be deleted).
     */
    static final int MAX_NAME_BYTES = 1000;

    static void checkName(String kind, String name) throws ApiException {
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new ApiException(400, "invalid " + kind + " name: " + bytes + " bytes long (expected at most "
                    + MAX_NAME_BYTES + " bytes in UTF-8, so that every route to it fits in a request line)");
        }
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
        return create(definition, LeaseTerms.NONE);
    }

    /** Creates a proxy that expires by itself as {@code terms} say (none: it stays until deleted). */
    synchronized ProxyInstance create(ProxyDefinition definition, LeaseTerms terms) throws ApiException {
        checkName("proxy", definition.name());
        if (proxies.containsKey(definition.name())) {
            throw ApiException.proxyExists();
        }
        ProxyInstance proxy = new ProxyInstance(definition.name(), definition.listen(), definition.upstream(), group, resolver);
        if (definition.enabledOrDefault()) {
            proxy.start();
        }
        proxies.put(proxy.name(), proxy);
        // A recreated name must not inherit leases of an earlier proxy of that name.
        leases.removeProxy(proxy.name());
        if (!terms.isEmpty()) {
            leases.put(Lease.of(proxy.name(), null, terms, System.nanoTime()));
            leasesChanged.run();
        }
        return proxy;
    }

    /** Applies a partial update; a changed listen or upstream restarts the proxy (drops connections). */
    synchronized ProxyInstance update(String name, Optional<String> listen, Optional<String> upstream,
                                      Optional<Boolean> enabled) throws ApiException {
        return update(name, listen, upstream, enabled, LeaseTerms.NONE);
    }

    /**
     * As above; {@code disableTerms} (only with {@code enabled} false) gives the proxy a disable
     * lease, replacing any earlier one: when it passes, the proxy is enabled again. An update that
     * leaves the proxy enabled drops its disable lease; one that leaves it disabled keeps it.
     */
    synchronized ProxyInstance update(String name, Optional<String> listen, Optional<String> upstream,
                                      Optional<Boolean> enabled, LeaseTerms disableTerms) throws ApiException {
        if (!disableTerms.isEmpty() && !enabled.equals(Optional.of(false))) {
            throw new IllegalArgumentException("disable lease terms on an update that does not disable");
        }
        ProxyInstance proxy = get(name);
        String newListen = listen.orElse(proxy.listen());
        String newUpstream = upstream.orElse(proxy.upstream());
        boolean newEnabled = enabled.orElse(proxy.enabled());
        boolean listenChanged = !newListen.equals(proxy.listen())
                && !ListenAddress.format(ListenAddress.resolve(newListen, true, resolver)).equals(proxy.listen());
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
        if (proxy.enabled()) {
            dropDisableLease(name);
        } else if (!disableTerms.isEmpty()) {
            reenableFailing.remove(name);
            leases.put(Lease.of(name, null, Lease.Action.ENABLE, disableTerms, System.nanoTime()));
            leasesChanged.run();
        }
        return proxy;
    }

    /** The proxy is enabled (or gone) by other means: its disable lease has nothing left to do. */
    private void dropDisableLease(String name) {
        leases.remove(name, null, Lease.Action.ENABLE);
        reenableFailing.remove(name);
    }

    synchronized void delete(String name) throws ApiException {
        ProxyInstance proxy = get(name);
        proxy.stop();
        proxies.remove(name);
        leases.removeProxy(name);
        reenableFailing.remove(name);
    }

    /** Re-enables every proxy and removes every toxic; connections stay (except timeout's). */
    synchronized void reset() throws ApiException {
        for (ProxyInstance proxy : proxies.values()) {
            proxy.start();
            dropDisableLease(proxy.name());
            proxy.toxics().forEach(proxy::removeToxic);
            leases.removeToxicsOf(proxy.name());
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
            leases.removeProxy(definition.name());
            reenableFailing.remove(definition.name());
        }
        return create(definition);
    }

    private boolean sameAddresses(ProxyInstance existing, ProxyDefinition definition) {
        if (!existing.upstream().equals(definition.upstream())) {
            return false;
        }
        if (existing.listen().equals(definition.listen())) {
            return true;
        }
        try {
            return ListenAddress.format(ListenAddress.resolve(definition.listen(), true, resolver)).equals(existing.listen());
        } catch (ApiException e) {
            return false;
        }
    }

    synchronized ToxicSpec addToxic(String proxyName, ToxicSpec spec) throws ApiException {
        return addToxic(proxyName, spec, LeaseTerms.NONE);
    }

    /** Adds a toxic that expires by itself as {@code terms} say (none: it stays until deleted). */
    synchronized ToxicSpec addToxic(String proxyName, ToxicSpec spec, LeaseTerms terms) throws ApiException {
        ProxyInstance proxy = get(proxyName);
        checkName("toxic", spec.name());
        if (proxy.toxic(spec.name()).isPresent()) {
            throw ApiException.toxicExists();
        }
        proxy.addToxic(spec);
        leases.remove(proxyName, spec.name());
        if (!terms.isEmpty()) {
            leases.put(Lease.of(proxyName, spec.name(), terms, System.nanoTime()));
            leasesChanged.run();
        }
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
        leases.remove(proxyName, toxicName);
        return spec;
    }

    // ---- leases (Faultline extension) ------------------------------------------------------

    /**
     * Renews the lease of a proxy ({@code toxicName == null}) or toxic, optionally with a new
     * length; the hard expiry, if any, still bounds it.
     *
     * @throws ApiException 404 for an unknown proxy or toxic, 409 when the object has no lease
     */
    synchronized Lease renew(String proxyName, String toxicName, OptionalLong newLeaseMs) throws ApiException {
        ProxyInstance proxy = get(proxyName);
        if (toxicName != null) {
            proxy.toxic(toxicName).orElseThrow(ApiException::toxicNotFound);
        }
        Lease lease = leases.get(proxyName, toxicName);
        if (lease == null || lease.leaseMs().isEmpty()) {
            String what = toxicName == null ? "proxy " + proxyName : "toxic " + toxicName + " of proxy " + proxyName;
            String hardOnly = lease == null ? "" : " (it only has a hard expiry, " + LeaseTerms.EXPIRES_HEADER + ")";
            throw new ApiException(409, what + " has no lease to renew: it was created without "
                    + LeaseTerms.LEASE_HEADER + hardOnly);
        }
        Lease renewed = lease.renewed(newLeaseMs.orElse(lease.leaseMs().getAsLong()), System.nanoTime());
        leases.put(renewed);
        leasesChanged.run();
        return renewed;
    }

    /**
     * Renews the disable lease of a proxy, optionally with a new length; the hard expiry, if any,
     * still bounds it.
     *
     * @throws ApiException 404 for an unknown proxy, 409 when the proxy holds no renewable disable lease
     */
    synchronized Lease renewDisable(String proxyName, OptionalLong newLeaseMs) throws ApiException {
        get(proxyName);
        Lease lease = leases.get(proxyName, null, Lease.Action.ENABLE);
        String prefix = "proxy " + proxyName + " has no disable lease to renew: ";
        if (lease == null) {
            throw new ApiException(409, prefix + "it was not disabled with " + LeaseTerms.LEASE_HEADER
                    + " (POST /proxies/" + proxyName + " {\"enabled\": false}), or it was enabled again since");
        }
        if (reenableFailing.contains(proxyName)) {
            throw new ApiException(409, prefix + "it already expired; enabling the proxy again failed and is retried every "
                    + REENABLE_RETRY_MS + " ms");
        }
        if (lease.leaseMs().isEmpty()) {
            throw new ApiException(409, prefix + "it was disabled without " + LeaseTerms.LEASE_HEADER
                    + " (it only has a hard expiry, " + LeaseTerms.EXPIRES_HEADER + ")");
        }
        Lease renewed = lease.renewed(newLeaseMs.orElse(lease.leaseMs().getAsLong()), System.nanoTime());
        leases.put(renewed);
        leasesChanged.run();
        return renewed;
    }

    synchronized List<Lease> leases() {
        return leases.all();
    }

    synchronized OptionalLong nextLeaseDeadlineNanos() {
        return leases.nextDeadlineNanos(System.nanoTime());
    }

    synchronized LeaseStats leaseStats() {
        return new LeaseStats(leases.size(), expiredToxics.sum(), expiredProxies.sum(), expiredDisables.sum());
    }

    /**
     * Removes every object whose lease or hard expiry has passed, exactly as DELETE would (live
     * connections see the toxic go; a proxy's connections are dropped), and enables every proxy
     * whose disable lease has passed, exactly as an update with {@code enabled: true} would.
     */
    synchronized List<Expired> expireDue() {
        List<Expired> expired = new ArrayList<>();
        long nowNanos = System.nanoTime();
        for (Lease lease : leases.due(nowNanos)) {
            if (leases.get(lease.proxy(), lease.toxic(), lease.action()) == null) {
                continue; // went with its proxy earlier in this sweep
            }
            ProxyInstance proxy = proxies.get(lease.proxy());
            if (lease.action() == Lease.Action.ENABLE) {
                reenable(lease, proxy, nowNanos).ifPresent(expired::add);
            } else if (lease.toxic() == null) {
                leases.removeProxy(lease.proxy());
                if (proxy != null) {
                    JsonNode before = JsonViews.proxy(proxy);
                    proxy.stop();
                    proxies.remove(lease.proxy());
                    expiredProxies.increment();
                    expired.add(new Expired(lease, before, null));
                }
            } else {
                leases.remove(lease.proxy(), lease.toxic());
                Optional<ToxicSpec> spec = proxy == null ? Optional.empty() : proxy.toxic(lease.toxic());
                if (spec.isPresent()) {
                    proxy.removeToxic(spec.get());
                    expiredToxics.increment();
                    expired.add(new Expired(lease, JsonViews.toxic(spec.get()), null));
                }
            }
        }
        return expired;
    }

    /**
     * Enables a proxy whose disable lease passed. When that fails (its listen address was taken
     * while it was disabled), the lease stays, due again in {@link #REENABLE_RETRY_MS}: the proxy is
     * enabled as soon as it can be, and the failure is reported once, not every second.
     */
    private Optional<Expired> reenable(Lease lease, ProxyInstance proxy, long nowNanos) {
        if (proxy == null) {
            leases.remove(lease.proxy(), null, Lease.Action.ENABLE);
            return Optional.empty();
        }
        try {
            proxy.start();
        } catch (ApiException | RuntimeException e) {
            leases.put(lease.retryAt(nowNanos + REENABLE_RETRY_MS * 1_000_000L));
            boolean first = reenableFailing.add(lease.proxy());
            return first ? Optional.of(new Expired(lease, JsonViews.proxy(proxy), e.getMessage())) : Optional.empty();
        }
        dropDisableLease(lease.proxy());
        expiredDisables.increment();
        return Optional.of(new Expired(lease, JsonViews.proxy(proxy), null));
    }

    /** Stops every proxy (server shutdown). */
    synchronized void stopAll() {
        proxies.values().forEach(ProxyInstance::stop);
    }
}
