package dev.faultline.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A stand-in for a run holding a {@code proxy-disable} fault: disables the proxy with a disable
 * lease, prints {@code DISABLED}, then renews the lease every third of its length until killed.
 * Started as a child JVM by {@link ProxyDisableLeaseTest}.
 *
 * <p>Arguments: api port, proxy name, lease in ms.
 */
public final class DisableHolderMain {

    private DisableHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        String proxy = "http://127.0.0.1:" + args[0] + "/proxies/" + args[1];
        long leaseMs = Long.parseLong(args[2]);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> disabled = http.send(HttpRequest.newBuilder(URI.create(proxy))
                        .header(LeaseTerms.LEASE_HEADER, Long.toString(leaseMs))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        if (disabled.statusCode() != 200) {
            System.out.println("FAILED " + disabled.statusCode() + " " + disabled.body());
            System.exit(2);
        }
        System.out.println("DISABLED");
        System.out.flush();
        URI renew = URI.create(proxy + "/disable/lease");
        // Bounded even if nobody kills us: at most 10 minutes of renewals.
        for (int i = 0; i < 600_000 / (leaseMs / 3); i++) {
            Thread.sleep(leaseMs / 3);
            http.send(HttpRequest.newBuilder(renew).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }
}
