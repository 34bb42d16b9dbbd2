package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultExpiry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Faultline's lease extension of the Toxiproxy API (docs/proxy.md), from the client's side. A
 * toxic or proxy created with {@value #LEASE_HEADER} is removed by Faultline's proxy when that
 * many milliseconds pass without a renewal ({@code POST /proxies/{proxy}/toxics/{toxic}/lease},
 * {@code POST /proxies/{proxy}/lease}); one created with {@value #EXPIRES_HEADER} is removed that
 * long after its creation whatever the renewals.
 *
 * <p>A stock Toxiproxy ignores the headers and answers 404 to the renew routes: the toxic still
 * works, it only does not expire. {@link #renew} tells that apart from a toxic that is gone by
 * asking whether it still exists.
 */
public final class ToxiproxyLease {
  /** Request header: the lease in milliseconds, {@value #MIN_LEASE_MS} to {@value #MAX_LEASE_MS}. */
  public static final String LEASE_HEADER = "Faultline-Lease-Ms";
  /** Request header: the hard expiry in milliseconds after creation. */
  public static final String EXPIRES_HEADER = "Faultline-Expires-In-Ms";
  /** The shortest lease Faultline's proxy accepts. */
  public static final long MIN_LEASE_MS = 2_000;
  /** The longest lease Faultline's proxy accepts (a day). */
  public static final long MAX_LEASE_MS = 86_400_000;
  /**
   * Added to a fault's length for its hard expiry: the run's own recovery at the duration's end
   * comes first and is the one in the journal; the proxy's expiry is only the fallback.
   */
  public static final Duration LENGTH_GRACE = Duration.ofSeconds(1);

  /** What a renewal found. */
  public enum Outcome {
    /** The lease now runs a full lease from now. */
    RENEWED,
    /** The toxic or proxy no longer exists: its lease ran out, or someone removed it. */
    GONE,
    /** It exists, but the server has no lease routes: a stock Toxiproxy. */
    NOT_SUPPORTED,
    /** It exists on a server that knows leases, but was created without one. */
    NO_LEASE
  }

  private ToxiproxyLease() {}

  /**
   * The request headers that give a created toxic or proxy {@code expiry}: the lease, and the
   * length plus {@link #LENGTH_GRACE} as hard expiry. {@link FaultExpiry#NEVER} gives none.
   */
  public static Map<String, String> headers(FaultExpiry expiry) {
    Map<String, String> headers = new LinkedHashMap<>();
    expiry.lease().ifPresent(lease -> headers.put(LEASE_HEADER, Long.toString(lease.toMillis())));
    expiry.length().ifPresent(length -> headers.put(EXPIRES_HEADER,
        Long.toString(saturatedMillis(length.plus(LENGTH_GRACE)))));
    return headers;
  }

  /** The headers for a lease alone (the chaostoxi stand-ins: their toxics have no length). */
  public static Map<String, String> headers(Duration lease) {
    return headers(FaultExpiry.leased(lease, Optional.empty()));
  }

  /**
   * How long one renewal may wait for an answer: a third of the lease (the next round comes then),
   * at least 1 s, at most 5 s, so one unanswering server cannot hold up the run's other renewals
   * for long.
   */
  public static Duration renewalTimeout(Duration lease) {
    Duration third = lease.dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : third.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : third;
  }

  /**
   * Renews the lease of toxic {@code toxic} on {@code proxy}, or of the proxy itself when
   * {@code toxic} is empty.
   *
   * @throws ToxiproxyException when there was no answer, or an answer other than 2xx, 404 or 409
   */
  public static Outcome renew(ToxiproxyClient client, String proxy, Optional<String> toxic, Duration timeout)
      throws ToxiproxyException, InterruptedException {
    String path = "/proxies/" + ToxiproxyClient.segment(proxy)
        + toxic.map(t -> "/toxics/" + ToxiproxyClient.segment(t)).orElse("");
    return renewAt(client, path + "/lease", path, timeout);
  }

  /**
   * Renews the disable lease of {@code proxy} ({@code POST /proxies/{proxy}/disable/lease}). A proxy
   * that no longer holds one was enabled again (its lease ran out, or someone enabled it):
   * {@link Outcome#GONE}, as for a proxy that was deleted.
   */
  public static Outcome renewDisable(ToxiproxyClient client, String proxy, Duration timeout)
      throws ToxiproxyException, InterruptedException {
    String path = "/proxies/" + ToxiproxyClient.segment(proxy);
    Outcome outcome = renewAt(client, path + "/disable/lease", path, timeout);
    return outcome == Outcome.NO_LEASE ? Outcome.GONE : outcome;
  }

  /**
   * Posts to {@code leasePath}; on 404 asks {@code objectPath} whether the object still exists, to
   * tell a stock Toxiproxy (no such route) from an object that is gone.
   */
  private static Outcome renewAt(ToxiproxyClient client, String leasePath, String objectPath, Duration timeout)
      throws ToxiproxyException, InterruptedException {
    ToxiproxyClient.Answer answer = client.exchange("POST", leasePath, null, Map.of(), timeout);
    if (answer.ok()) {
      return Outcome.RENEWED;
    }
    if (answer.status() == 409) {
      return Outcome.NO_LEASE;
    }
    if (answer.status() != 404) {
      throw answer.failure();
    }
    // Faultline's proxy answers 404 for an object it removed; a stock Toxiproxy for the route itself.
    ToxiproxyClient.Answer exists = client.exchange("GET", objectPath, null, Map.of(), timeout);
    if (exists.ok()) {
      return Outcome.NOT_SUPPORTED;
    }
    if (exists.status() == 404) {
      return Outcome.GONE;
    }
    throw exists.failure();
  }

  /**
   * Why renewing at {@code client}'s server is pointless, the same words for every toxic there so
   * a run says it once.
   */
  public static String notSupported(ToxiproxyClient client) {
    return "the Toxiproxy API at " + client.apiUrl() + " does not support Faultline's leases (a stock Toxiproxy?): "
        + "what the run adds there is removed by the run only, and stays for good if the run is killed; "
        + "use faultline proxy for faults that expire by themselves";
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
