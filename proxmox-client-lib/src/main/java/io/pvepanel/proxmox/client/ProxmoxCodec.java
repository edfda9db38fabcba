package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client's JSON decoding path: bodies are read as bytes (bounded by the size cap) and parsed in
 * one streaming pass straight into the {@code data} member's record type. Public so that benchmarks
 * and tests can exercise exactly the code the client uses.
 */
public final class ProxmoxCodec {

  // Unknown fields are expected: Proxmox adds fields between releases.
  static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final JavaType CLUSTER_RESOURCES =
      envelopeOf(
          MAPPER.getTypeFactory().constructCollectionType(List.class, ClusterResource.class));

  private ProxmoxCodec() {}

  /** Decodes a {@code /cluster/resources?type=vm} body into records. */
  public static List<ClusterResource> decodeClusterResources(byte[] body) {
    Envelope<List<ClusterResource>> envelope = MAPPER.readValue(body, CLUSTER_RESOURCES);
    return envelope.data() == null ? List.of() : envelope.data();
  }

  static JavaType envelopeOf(JavaType data) {
    return MAPPER.getTypeFactory().constructParametricType(Envelope.class, data);
  }

  static JavaType envelopeOf(Class<?> data) {
    return envelopeOf(MAPPER.getTypeFactory().constructType(data));
  }

  static JavaType envelopeOfList(Class<?> element) {
    return envelopeOf(MAPPER.getTypeFactory().constructCollectionType(List.class, element));
  }

  static <T> Envelope<T> decode(byte[] body, JavaType envelopeType) {
    return MAPPER.readValue(body, envelopeType);
  }

  /**
   * Best-effort read of an error body: PVE ≥ 8.4 sends {@code message}, 400s carry {@code errors};
   * older versions send {@code {"data":null}} or nothing at all.
   */
  static ErrorBody decodeError(byte[] body) {
    if (body == null || body.length == 0) {
      return new ErrorBody(null, Map.of());
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      String message = root.path("message").isString() ? root.path("message").asString() : null;
      Map<String, String> errors = new LinkedHashMap<>();
      JsonNode errs = root.path("errors");
      if (errs.isObject()) {
        for (Map.Entry<String, JsonNode> e : errs.properties()) {
          JsonNode v = e.getValue();
          errors.put(e.getKey(), trim(v.isString() ? v.asString() : v.toString()));
        }
      }
      return new ErrorBody(trim(message), errors);
    } catch (RuntimeException notJson) {
      return new ErrorBody(null, Map.of());
    }
  }

  static String trim(String s) {
    return s == null ? null : s.strip();
  }

  /** The PVE response envelope. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Envelope<T>(T data, Integer total, java.time.Instant serverDate) {
    /** The same envelope with the response's {@code Date} header (pveproxy sends one). */
    Envelope<T> withServerDate(java.time.Instant date) {
      return new Envelope<>(data, total, date);
    }
  }

  record ErrorBody(String message, Map<String, String> errors) {}
}
