package io.switchboard.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.switchboard.events.EventType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schemas (draft 2020-12) of every event type, shipped in this module under {@code
 * META-INF/switchboard/schemas/}. Events are checked against them when encoded and when decoded.
 */
public final class EventSchemas {
  /** The base of every schema's {@code $id}. */
  public static final String BASE_URI = "https://schemas.switchboard.io/events/";

  /**
   * Keywords that report on a property of the object at the instance location: the violation names
   * that property, so a missing or unexpected field is named itself, not its parent.
   */
  private static final Set<String> PROPERTY_KEYWORDS =
      Set.of("required", "additionalProperties", "unevaluatedProperties");

  private static final EventSchemas INSTANCE = new EventSchemas();

  private final Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);

  private EventSchemas() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder
                    .schemaRegistryConfig(config)
                    .schemaIdResolvers(
                        ids -> ids.mapPrefix(BASE_URI, "classpath:META-INF/switchboard/schemas/")));
    for (EventType type : EventType.values()) {
      Schema schema = registry.getSchema(SchemaLocation.of(schemaId(type)));
      schema.initializeValidators();
      schemas.put(type, schema);
    }
  }

  public static EventSchemas get() {
    return INSTANCE;
  }

  /** The {@code $id} of a type's schema. */
  public static String schemaId(EventType type) {
    return BASE_URI + type.ceType() + ".json";
  }

  /** The violations of {@code data} against its type's schema; empty when it is valid. */
  public List<Violation> violations(EventType type, JsonNode data) {
    return schemas.get(type).validate(data).stream().map(EventSchemas::toViolation).toList();
  }

  /** Throws {@link InvalidEventException} naming every offending field. */
  public void check(EventType type, JsonNode data) {
    List<Violation> violations = violations(type, data);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(type.ceType(), violations);
    }
  }

  private static Violation toViolation(Error error) {
    String at = error.getInstanceLocation().toString();
    String field = at.isEmpty() ? "/" : at;
    if (PROPERTY_KEYWORDS.contains(error.getKeyword()) && error.getProperty() != null) {
      field = (at.isEmpty() || at.equals("/") ? "" : at) + "/" + escape(error.getProperty());
    }
    return new Violation(field, error.getMessage());
  }

  /** A property name as a JSON Pointer reference token (RFC 6901). */
  private static String escape(String property) {
    return property.replace("~", "~0").replace("/", "~1");
  }
}
