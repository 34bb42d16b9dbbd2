package dev.faultline.server.response;

import dev.faultline.server.api.Route;
import dev.faultline.server.api.Services;
import dev.faultline.server.signal.SignalStore;
import dev.faultline.server.signal.WebhookAuth;
import dev.faultline.server.signal.WebhookRoutes;
import java.util.ArrayList;
import java.util.List;

/**
 * The response measurement's components, as one entry of {@link Services}.
 *
 * @param signalStore stored webhook deliveries and their signals
 * @param webhookAuth who may post webhooks
 * @param responses measures runs' responses
 * @param gamedays GameDays and their predictions
 */
public record ResponseParts(SignalStore signalStore, WebhookAuth webhookAuth, ResponseService responses,
    GameDayStore gamedays) {

  /** Every route of the inbound webhooks, the response measurement and GameDays. */
  public List<Route> routes(Services s) {
    List<Route> routes = new ArrayList<>();
    routes.addAll(new WebhookRoutes(signalStore, s.signals(), webhookAuth, s.maxBodyBytes()).routes());
    routes.addAll(new ResponseRoutes(responses).routes());
    routes.addAll(new GameDayRoutes(s, this).routes());
    return routes;
  }
}
