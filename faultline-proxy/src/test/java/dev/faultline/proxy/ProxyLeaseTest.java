package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.Proxy;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Leases and hard expiries on proxies and toxics (Faultline extension), with real traffic. */
class ProxyLeaseTest extends ProxyTestBase {

    private static final int LATENCY_MS = 400;

    private HttpResponse<String> createLatency(String proxy, String toxic, String... headers) throws Exception {
        return call("POST", "/proxies/" + proxy + "/toxics",
                "{\"name\":\"" + toxic + "\",\"type\":\"latency\",\"attributes\":{\"latency\":" + LATENCY_MS + "}}",
                headers.length == 0 ? null : headers);
    }

    private HttpResponse<String> renew(String path) throws Exception {
        return call("POST", path, null);
    }

    /** Milliseconds of one 1-byte echo round trip through the proxy. */
    private static long roundTripMs(Socket socket) throws Exception {
        long start = System.nanoTime();
        OutputStream out = socket.getOutputStream();
        out.write(7);
        out.flush();
        assertThat(socket.getInputStream().read()).isEqualTo(7);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Polls {@code path} until it answers 404; returns the nanoTime it did, or fails after {@code limitMs}. */
    private long awaitGone(String path, long limitMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (System.nanoTime() < deadline) {
            if (call("GET", path, null).statusCode() == 404) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(path + " still exists after " + limitMs + " ms");
    }

    /**
     * Waits (bounded) until the keeper has audited and counted an expiry of {@code kind}: it does
     * both just after the removal, which a 404 may already show.
     */
    private void awaitExpiryRecorded(String kind) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(auditLines.stream().anyMatch(l -> l.contains("\"action\":\"" + kind + ".expire\""))
                && call("GET", "/metrics", null).body().contains("faultline_proxy_expirations_total{kind=\"" + kind + "\"} 1"))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JsonBodies.MAPPER.readTree(response.body());
    }

    @Test
    void aLeasedLatencyToxicThatIsNotRenewedGoesAndTrafficIsFastAgain() throws Exception {
        Proxy proxy = echoProxy("db");
        long created = System.nanoTime();
        assertThat(createLatency("db", "lat", LeaseTerms.LEASE_HEADER, "2000").statusCode()).isEqualTo(200);
        try (Socket socket = connect(proxy)) {
            assertThat(roundTripMs(socket)).isGreaterThanOrEqualTo(LATENCY_MS);
            long gone = awaitGone("/proxies/db/toxics/lat", 10_000);
            long lifeMs = TimeUnit.NANOSECONDS.toMillis(gone - created);
            System.out.println("leased toxic (2000 ms lease, never renewed) removed after " + lifeMs + " ms");
            assertThat(lifeMs).isGreaterThanOrEqualTo(1_900);
            // The same live connection is fast again, exactly as after a DELETE.
            assertThat(roundTripMs(socket)).isLessThan(LATENCY_MS);
        }
        awaitExpiryRecorded("toxic");
        assertThat(auditLines).anySatisfy(line -> assertThat(line)
                .contains("\"action\":\"toxic.expire\"", "\"proxy\":\"db\"", "\"toxic\":\"lat\"", "\"latency\":400"));
        assertThat(call("GET", "/metrics", null).body()).contains("faultline_proxy_expirations_total{kind=\"toxic\"} 1");
        assertThat(call("GET", "/faultline/leases", null).body()).isEqualTo("[]");
    }

    @Test
    void aToxicRenewedEvery600MsStaysFor6Seconds() throws Exception {
        Proxy proxy = echoProxy("db");
        createLatency("db", "lat", LeaseTerms.LEASE_HEADER, "2000");
        for (int i = 0; i < 10; i++) {
            Thread.sleep(600);
            Instant before = Instant.now();
            HttpResponse<String> renewed = renew("/proxies/db/toxics/lat/lease");
            Instant after = Instant.now();
            assertThat(renewed.statusCode()).as("renewal %d: %s", i, renewed.body()).isEqualTo(200);
            JsonNode body = json(renewed);
            assertThat(body.get("proxy").asText()).isEqualTo("db");
            assertThat(body.get("toxic").asText()).isEqualTo("lat");
            assertThat(body.get("lease_ms").asLong()).isEqualTo(2000);
            assertThat(body.get("hard_expires_at").isNull()).isTrue();
            Instant expiresAt = Instant.parse(body.get("expires_at").asText());
            // Renewed for 2000 ms from some instant during the call (rendered to the millisecond).
            assertThat(expiresAt).isBetween(before.plusMillis(1_999), after.plusMillis(2_001));
        }
        try (Socket socket = connect(proxy)) {
            assertThat(roundTripMs(socket)).isGreaterThanOrEqualTo(LATENCY_MS);
        }
        awaitGone("/proxies/db/toxics/lat", 10_000);
    }

    @Test
    void theHardExpiryWinsOverRenewals() throws Exception {
        echoProxy("db");
        long created = System.nanoTime();
        createLatency("db", "lat", LeaseTerms.LEASE_HEADER, "2000", LeaseTerms.EXPIRES_HEADER, "3000");
        long gone = 0;
        long lastRenewalSent = created;
        long longestGapMs = 0; // between renewals that reached the proxy: a stalled test thread lets the lease lapse
        for (int i = 0; i < 40 && gone == 0; i++) {
            Thread.sleep(250);
            long sent = System.nanoTime();
            HttpResponse<String> renewed = renew("/proxies/db/toxics/lat/lease");
            if (renewed.statusCode() == 404) {
                gone = System.nanoTime();
            } else {
                longestGapMs = Math.max(longestGapMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRenewalSent));
                lastRenewalSent = sent;
                JsonNode body = json(renewed);
                assertThat(Instant.parse(body.get("expires_at").asText()))
                        .isBeforeOrEqualTo(Instant.parse(body.get("hard_expires_at").asText()));
            }
        }
        assertThat(gone).as("toxic removed despite renewals").isNotZero();
        long lifeMs = TimeUnit.NANOSECONDS.toMillis(gone - created);
        System.out.println("toxic with 3000 ms hard expiry, renewed every 250 ms, removed after " + lifeMs
                + " ms (longest gap between renewals " + longestGapMs + " ms)");
        assertThat(lifeMs).isLessThanOrEqualTo(8_000L);
        if (longestGapMs < 1_900) {
            // renewed in time throughout: only the hard expiry can have removed it
            assertThat(lifeMs).isGreaterThanOrEqualTo(2_900L);
        }
    }

    @Test
    void renewingAnUnknownOrUnleasedObjectSaysWhy() throws Exception {
        echoProxy("db");
        HttpResponse<String> noToxic = renew("/proxies/db/toxics/nope/lease");
        assertThat(noToxic.statusCode()).isEqualTo(404);
        assertThat(noToxic.body()).isEqualTo("{\"error\":\"toxic not found\",\"status\":404}\n");
        HttpResponse<String> noProxy = renew("/proxies/nope/lease");
        assertThat(noProxy.statusCode()).isEqualTo(404);
        assertThat(noProxy.body()).isEqualTo("{\"error\":\"proxy not found\",\"status\":404}\n");
        createLatency("db", "plain");
        HttpResponse<String> unleased = renew("/proxies/db/toxics/plain/lease");
        assertThat(unleased.statusCode()).isEqualTo(409);
        assertThat(json(unleased).get("error").asText())
                .isEqualTo("toxic plain of proxy db has no lease to renew: it was created without Faultline-Lease-Ms");
        HttpResponse<String> unleasedProxy = renew("/proxies/db/lease");
        assertThat(unleasedProxy.statusCode()).isEqualTo(409);
        assertThat(unleasedProxy.body()).contains("proxy db has no lease to renew");
        createLatency("db", "hard", LeaseTerms.EXPIRES_HEADER, "60000");
        assertThat(renew("/proxies/db/toxics/hard/lease").body()).contains("it only has a hard expiry");
        assertThat(call("GET", "/proxies/db/toxics/lease", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/proxies/db/toxics/hard/lease", null).statusCode()).isEqualTo(405);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Faultline-Lease-Ms|-5|2000 to 86400000",
        "Faultline-Lease-Ms|0|2000 to 86400000",
        "Faultline-Lease-Ms|1999|2000 to 86400000",
        "Faultline-Lease-Ms|86400001|2000 to 86400000",
        "Faultline-Lease-Ms|abc|2000 to 86400000",
        "Faultline-Lease-Ms|1e3|2000 to 86400000",
        "Faultline-Lease-Ms|2000.0|2000 to 86400000",
        "Faultline-Lease-Ms|99999999999999999999999|2000 to 86400000",
        "Faultline-Expires-In-Ms|0|1 to 31536000000",
        "Faultline-Expires-In-Ms|-1000|1 to 31536000000",
        "Faultline-Expires-In-Ms|31536000001|1 to 31536000000",
        "Faultline-Expires-In-Ms|soon|1 to 31536000000",
    })
    void badExpiryHeadersAreRefusedAndNothingIsCreated(String header, String value, String range) throws Exception {
        echoProxy("db");
        HttpResponse<String> toxic = createLatency("db", "lat", header, value);
        assertThat(toxic.statusCode()).isEqualTo(400);
        assertThat(json(toxic).get("error").asText())
                .isEqualTo("invalid " + header + " header: \"" + value + "\" (expected an integer number of milliseconds from "
                        + range + ")");
        assertThat(call("GET", "/proxies/db/toxics", null).body()).isEqualTo("[]");
        HttpResponse<String> proxy = call("POST", "/proxies",
                "{\"name\":\"other\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}",
                new String[] {header, value});
        assertThat(proxy.statusCode()).isEqualTo(400);
        assertThat(proxy.body()).contains(header, value, range);
        assertThat(call("GET", "/proxies/other", null).statusCode()).isEqualTo(404);
        // A valid lease with a bad hard expiry is refused as a whole.
        assertThat(createLatency("db", "lat", LeaseTerms.LEASE_HEADER, "5000", LeaseTerms.EXPIRES_HEADER, "-1")
                .statusCode()).isEqualTo(400);
        assertThat(call("GET", "/faultline/leases", null).body()).isEqualTo("[]");
        assertThat(auditLines).noneMatch(line -> line.contains("\"action\":\"toxic.create\""));
    }

    @Test
    void aLeasedProxyExpiresAndDropsItsConnections() throws Exception {
        HttpResponse<String> created = call("POST", "/proxies",
                "{\"name\":\"temp\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}",
                new String[] {LeaseTerms.LEASE_HEADER, "2000"});
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("lease");
        Proxy proxy = client.getProxy("temp");
        createLatency("temp", "lat", LeaseTerms.LEASE_HEADER, "60000");
        try (Socket socket = connect(proxy)) {
            roundTripMs(socket);
            awaitGone("/proxies/temp", 10_000);
            try {
                socket.getOutputStream().write(1);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            } catch (SocketException reset) {
                // Also a dropped connection.
            }
        }
        awaitExpiryRecorded("proxy");
        assertThat(auditLines).anySatisfy(line -> assertThat(line).contains("\"action\":\"proxy.expire\"", "\"proxy\":\"temp\""));
        assertThat(call("GET", "/faultline/leases", null).body()).isEqualTo("[]");
        assertThat(call("GET", "/metrics", null).body()).contains("faultline_proxy_expirations_total{kind=\"proxy\"} 1");
    }

    @Test
    void leasesAreListedKeptByUpdatesAndDroppedByDeleteAndReset() throws Exception {
        echoProxy("db");
        call("POST", "/proxies", "{\"name\":\"app\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}",
                new String[] {LeaseTerms.LEASE_HEADER, "30000", LeaseTerms.EXPIRES_HEADER, "600000"});
        createLatency("db", "a", LeaseTerms.LEASE_HEADER, "30000");
        createLatency("db", "b", LeaseTerms.EXPIRES_HEADER, "60000");
        createLatency("db", "plain");
        JsonNode leases = json(call("GET", "/faultline/leases", null));
        assertThat(leases).hasSize(3);
        assertThat(leases.get(0).get("proxy").asText()).isEqualTo("app");
        assertThat(leases.get(0).get("toxic").isNull()).isTrue();
        assertThat(leases.get(0).get("lease_ms").asLong()).isEqualTo(30000);
        assertThat(leases.get(0).get("hard_expires_at").isNull()).isFalse();
        assertThat(leases.get(1).get("toxic").asText()).isEqualTo("a");
        assertThat(leases.get(2).get("toxic").asText()).isEqualTo("b");
        assertThat(leases.get(2).get("lease_ms").isNull()).isTrue();
        assertThat(leases.get(2).get("expires_at").asText()).isEqualTo(leases.get(2).get("hard_expires_at").asText());

        assertThat(call("POST", "/proxies/db/toxics/a", "{\"attributes\":{\"latency\":5}}").statusCode()).isEqualTo(200);
        HttpResponse<String> longer = call("POST", "/proxies/db/toxics/a/lease", "{\"lease_ms\":40000}");
        assertThat(json(longer).get("lease_ms").asLong()).isEqualTo(40000);
        HttpResponse<String> tooShort = call("POST", "/proxies/db/toxics/a/lease", "{\"lease_ms\":10}");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("invalid lease_ms: \\\"10\\\"", "2000 to 86400000");
        assertThat(call("POST", "/proxies/db/toxics/a/lease", "[1]").statusCode()).isEqualTo(400);

        assertThat(call("DELETE", "/proxies/db/toxics/a", null).statusCode()).isEqualTo(204);
        createLatency("db", "a");
        assertThat(renew("/proxies/db/toxics/a/lease").statusCode()).isEqualTo(409);
        assertThat(call("POST", "/reset", null).statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/faultline/leases", null))).hasSize(1);
        assertThat(call("DELETE", "/proxies/app", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/faultline/leases", null).body()).isEqualTo("[]");
    }

    @Test
    void theApiTokenGuardsTheLeaseRoutes() throws Exception {
        try (ProxyServer secured = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withApiToken("s3cret"))) {
            var http = java.net.http.HttpClient.newHttpClient();
            for (String path : new String[] {"/faultline/leases", "/proxies/x/lease", "/proxies/x/toxics/t/lease"}) {
                var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + secured.apiPort() + path))
                        .method(path.endsWith("leases") ? "GET" : "POST", java.net.http.HttpRequest.BodyPublishers.noBody());
                assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(401);
                assertThat(http.send(request.header("X-Faultline-Token", "s3cret").build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isIn(200, 404);
            }
        }
    }

    /**
     * The dead man's switch: a separate JVM creates a leased toxic and renews it, then dies by
     * SIGKILL; the proxy removes the toxic by itself within the lease plus one second.
     */
    @Test
    void aToxicHeldByAProcessKilledWithSigkillGoesWithinLeasePlusOneSecond() throws Exception {
        Proxy proxy = echoProxy("db");
        long leaseMs = 2_000;
        try (HolderProcess holder = HolderProcess.start(LeaseHolderMain.class, Integer.toString(server.apiPort()), "db",
                "held", Long.toString(leaseMs), Integer.toString(LATENCY_MS))) {
            holder.expectLine("CREATED");
            // Outlive two lease lengths on renewals alone, so only the kill can end it.
            Thread.sleep(2 * leaseMs + 500);
            assertThat(call("GET", "/proxies/db/toxics/held", null).statusCode()).isEqualTo(200);
            try (Socket socket = connect(proxy)) {
                assertThat(roundTripMs(socket)).isGreaterThanOrEqualTo(LATENCY_MS);
                long killed = holder.sigkill();
                long gone = awaitGone("/proxies/db/toxics/held", 10_000);
                long revertMs = TimeUnit.NANOSECONDS.toMillis(gone - killed);
                System.out.println("SIGKILL of the lease holder -> toxic removed after " + revertMs + " ms (lease "
                        + leaseMs + " ms)");
                assertThat(revertMs).isLessThanOrEqualTo(leaseMs + 1_000);
                assertThat(roundTripMs(socket)).isLessThan(LATENCY_MS);
            }
        }
    }
}
