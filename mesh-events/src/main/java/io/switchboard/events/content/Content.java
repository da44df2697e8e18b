package io.switchboard.events.content;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a message says: either {@link PlainContent} that the mesh may read and translate between
 * apps, or {@link SealedContent} that only the recipients' devices can open.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PlainContent.class, name = "plain"),
  @JsonSubTypes.Type(value = SealedContent.class, name = "sealed")
})
public sealed interface Content permits PlainContent, SealedContent {}
