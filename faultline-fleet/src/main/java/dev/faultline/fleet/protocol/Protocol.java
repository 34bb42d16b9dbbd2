package dev.faultline.fleet.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The fleet protocol, version {@value #VERSION}: JSON text frames over one WebSocket the agent
 * opens to {@value #CONNECT_PATH}, authenticated by {@code Authorization: Bearer <token>} on the
 * upgrade request. Described for humans in docs/fleet-protocol.md.
 */
public final class Protocol {
  /** The version this code speaks; a peer with another version is refused. */
  public static final int VERSION = 1;
  /** Where agents connect (HTTP upgrade to WebSocket). */
  public static final String CONNECT_PATH = "/api/v1/agents/connect";
  /** The largest frame either side accepts. */
  public static final int MAX_MESSAGE_CHARS = 256 * 1024;
  /** The shortest lease a fault may carry. */
  public static final long MIN_LEASE_MS = 1000;

  /** Close codes (4000-4999 are the application's) with a short reason; an {@code error} message precedes them. */
  public static final int CLOSE_UNAUTHORIZED = 4401;
  public static final int CLOSE_FORBIDDEN = 4403;
  public static final int CLOSE_PROTOCOL = 4400;
  public static final int CLOSE_VERSION = 4426;
  public static final int CLOSE_NAME_TAKEN = 4409;
  public static final int CLOSE_REPLACED = 4410;
  public static final int CLOSE_SHUTDOWN = 1001;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
  private static final Map<String, Class<? extends Message>> TYPES = Map.ofEntries(
      Map.entry("hello", Message.Hello.class), Map.entry("applied", Message.Applied.class),
      Map.entry("failed", Message.Failed.class), Map.entry("reverted", Message.Reverted.class),
      Map.entry("welcome", Message.Welcome.class), Map.entry("apply", Message.Apply.class),
      Map.entry("renew", Message.Renew.class), Map.entry("revert", Message.Revert.class),
      Map.entry("halt", Message.Halt.class), Map.entry("error", Message.Error.class),
      Map.entry("heartbeat", Message.Heartbeat.class));

  private Protocol() {}

  /** A frame that is not a message of this protocol; the message says what was wrong. */
  public static class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
      super(message, null, false, false);
    }
  }

  /** A well-formed message of another protocol version. */
  public static final class VersionMismatchException extends ProtocolException {
    private static final long serialVersionUID = 1L;
    private final int peerVersion;

    VersionMismatchException(int peerVersion) {
      super("protocol version " + peerVersion + " is not supported; this side speaks version " + VERSION
          + " (upgrade the older of agent and server)");
      this.peerVersion = peerVersion;
    }

    public int peerVersion() {
      return peerVersion;
    }
  }

  /** The frame text of {@code message}. */
  public static String encode(Message message) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.put("type", message.type());
    node.setAll((ObjectNode) MAPPER.valueToTree(message));
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("message not serialisable: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads one frame; never throws anything but {@link ProtocolException} for bad input. */
  public static Message decode(String frame) throws ProtocolException {
    if (frame == null || frame.isEmpty()) {
      throw new ProtocolException("empty frame; expected a JSON object with 'version' and 'type'");
    }
    if (frame.length() > MAX_MESSAGE_CHARS) {
      throw new ProtocolException("frame of " + frame.length() + " characters; at most " + MAX_MESSAGE_CHARS);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(frame);
    } catch (JsonProcessingException e) {
      throw new ProtocolException("not JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      throw new ProtocolException("not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ProtocolException("expected a JSON object with 'version' and 'type', got "
          + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    JsonNode version = node.get("version");
    if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
      throw new ProtocolException("'version' is missing or not an integer; expected " + VERSION);
    }
    if (version.intValue() != VERSION) {
      throw new VersionMismatchException(version.intValue());
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      throw new ProtocolException("'type' is missing or not a string; expected one of " + new java.util.TreeSet<>(TYPES.keySet()));
    }
    Class<? extends Message> cls = TYPES.get(type.textValue());
    if (cls == null) {
      throw new ProtocolException("unknown message type '" + abbreviate(type.textValue()) + "'; expected one of "
          + new java.util.TreeSet<>(TYPES.keySet()));
    }
    ObjectNode fields = ((ObjectNode) node).deepCopy();
    fields.remove("version");
    fields.remove("type");
    try {
      return MAPPER.treeToValue(fields, cls);
    } catch (JsonProcessingException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
      throw new ProtocolException("bad '" + type.textValue() + "' message: " + abbreviate(why));
    } catch (RuntimeException e) {
      throw new ProtocolException("bad '" + type.textValue() + "' message: " + abbreviate(String.valueOf(e.getMessage())));
    }
  }

  static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    if (value.length() > 1000) {
      throw new IllegalArgumentException("'" + field + "' is " + value.length() + " characters; at most 1000");
    }
  }

  /** A required free text, cut to 4000 characters (an error message is never worth refusing a message for). */
  static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return value.length() > 4000 ? value.substring(0, 4000) + "…" : value;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }
}
