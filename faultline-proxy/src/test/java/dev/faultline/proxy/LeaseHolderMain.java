package dev.faultline.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A stand-in for a run that holds a leased toxic: creates it, prints {@code CREATED}, then renews it
 * every third of the lease until killed. Started as a child JVM by {@link ProxyLeaseTest}.
 *
 * <p>Arguments: api port, proxy name, toxic name, lease in ms, latency in ms.
 */
public final class LeaseHolderMain {

    private LeaseHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        String api = "http://127.0.0.1:" + args[0] + "/proxies/" + args[1] + "/toxics";
        long leaseMs = Long.parseLong(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api))
                        .header(LeaseTerms.LEASE_HEADER, Long.toString(leaseMs))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + args[2] + "\",\"type\":\"latency\","
                                + "\"attributes\":{\"latency\":" + args[4] + "}}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            System.out.println("FAILED " + created.statusCode() + " " + created.body());
            System.exit(2);
        }
        System.out.println("CREATED");
        System.out.flush();
        URI renew = URI.create(api + "/" + args[2] + "/lease");
        // Bounded even if nobody kills us: at most 10 minutes of renewals.
        for (int i = 0; i < 600_000 / (leaseMs / 3); i++) {
            Thread.sleep(leaseMs / 3);
            http.send(HttpRequest.newBuilder(renew).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }
}
