package dev.faultline.server.api;

import dev.faultline.server.auth.Role;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One API route: method, path (Javalin syntax, {@code {id}} for parameters), the least role it
 * needs (null: no token needed) and, for mutations, the audit kind every call is logged under.
 *
 * @param method the HTTP method
 * @param path the path template
 * @param role the least role, or null for public routes
 * @param auditKind the audit log kind for a mutation, or null for reads
 * @param handler what answers
 */
public record Route(HandlerType method, String path, Role role, String auditKind, Handler handler) {
  public boolean mutating() {
    return auditKind != null;
  }

  public static Route get(String path, Role role, Handler h) {
    return new Route(HandlerType.GET, path, role, null, h);
  }

  public static Route post(String path, Role role, String auditKind, Handler h) {
    return new Route(HandlerType.POST, path, role, auditKind, h);
  }

  public static Route put(String path, Role role, String auditKind, Handler h) {
    return new Route(HandlerType.PUT, path, role, auditKind, h);
  }

  public static Route delete(String path, Role role, String auditKind, Handler h) {
    return new Route(HandlerType.DELETE, path, role, auditKind, h);
  }
}
