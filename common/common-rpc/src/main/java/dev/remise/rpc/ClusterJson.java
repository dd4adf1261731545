package dev.remise.rpc;

import dev.remise.core.NodeId;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The wire format of {@link ClusterRpc}: the records' components as camelCase JSON fields, a {@link
 * NodeId} as its 64 hex digits, absent numbers as {@code null}. Both ends use this one codec, so
 * the format lives in one place. A heartbeat reads like:
 *
 * <pre>{"id":"3f…","role":"block-node","address":"http://10.0.0.5:3905","hostname":"n1",
 * "version":"0.1.0","layoutVersion":0,"zoneHint":null,"dataAvailable":1000,"dataTotal":2000,
 * "metaAvailable":null,"metaTotal":null}</pre>
 */
public final class ClusterJson {
  private static final JsonMapper JSON = JsonMapper.builder().addModule(nodeIdAsHex()).build();

  private ClusterJson() {}

  public static byte[] encode(Object message) {
    return JSON.writeValueAsBytes(message);
  }

  /**
   * @throws MalformedMessageException when the body is not valid JSON for {@code type} or breaks
   *     one of its rules (an unknown role, a malformed id)
   */
  public static <T> T decode(byte[] body, Class<T> type) {
    try {
      return JSON.readValue(body, type);
    } catch (JacksonException e) {
      Throwable cause = e.getCause();
      String reason =
          cause instanceof IllegalArgumentException ? cause.getMessage() : e.getMessage();
      throw new MalformedMessageException(
          "not a valid " + type.getSimpleName() + " body: " + reason, e);
    }
  }

  private static SimpleModule nodeIdAsHex() {
    SimpleModule module = new SimpleModule("remise-node-id");
    module.addSerializer(
        NodeId.class,
        new ValueSerializer<>() {
          @Override
          public void serialize(NodeId value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(value.hex());
          }
        });
    module.addDeserializer(
        NodeId.class,
        new ValueDeserializer<>() {
          @Override
          public NodeId deserialize(JsonParser p, DeserializationContext ctxt) {
            return NodeId.fromHex(p.getString());
          }
        });
    return module;
  }
}
