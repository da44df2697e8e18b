package io.switchboard.simulator.webhook;

import static io.switchboard.simulator.webhook.EventFields.require;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.send.MetaIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds Messenger ({@code object: page}) and Instagram ({@code object: instagram}) webhook
 * batches: one entry for the page or account, one {@code messaging} item per event.
 */
final class MessagingBatchBuilder {
  private static final Map<String, String> REACTIONS =
      Map.of(
          "\u2764\ufe0f",
          "love",
          "\u2764",
          "love",
          "\ud83d\ude06",
          "smile",
          "\ud83d\ude2e",
          "wow",
          "\ud83d\ude22",
          "sad",
          "\ud83d\ude20",
          "angry",
          "\ud83d\udc4d",
          "like",
          "\ud83d\udc4e",
          "dislike");

  private final Platform platform;
  private final ObjectMapper json;

  MessagingBatchBuilder(Platform platform, ObjectMapper json) {
    this.platform = platform;
    this.json = json;
  }

  BuiltBatch build(WebhookDescription description, Instant now) {
    ObjectNode root = json.createObjectNode();
    root.put("object", platform == Platform.MESSENGER ? "page" : "instagram");
    ObjectNode entry = root.putArray("entry").addObject();
    entry.put("id", description.businessId());
    entry.put("time", now.toEpochMilli());
    ArrayNode messaging = entry.putArray("messaging");
    List<String> mids = new ArrayList<>();
    List<WebhookEvent> events = description.events();
    for (int i = 0; i < events.size(); i++) {
      ObjectNode item = messaging.addObject();
      item.putObject("sender").put("id", description.userId());
      item.putObject("recipient").put("id", description.businessId());
      item.put("timestamp", now.toEpochMilli());
      addEvent(item, events.get(i), i, now, mids);
    }
    return new BuiltBatch(root, List.copyOf(mids));
  }

  private void addEvent(
      ObjectNode item, WebhookEvent event, int i, Instant now, List<String> mids) {
    switch (event.kind()) {
      case "text" -> {
        ObjectNode message = newMessage(item, mids);
        message.put("text", require(event.text(), i, "text"));
      }
      case "reaction" -> {
        ObjectNode reaction = item.putObject("reaction");
        reaction.put("mid", require(event.mid(), i, "mid"));
        boolean unreact = "unreact".equals(event.action());
        reaction.put("action", unreact ? "unreact" : "react");
        if (!unreact) {
          String emoji = require(event.emoji(), i, "emoji");
          reaction.put("reaction", REACTIONS.getOrDefault(emoji, "other"));
          reaction.put("emoji", emoji);
        }
      }
      case "edit" -> {
        ObjectNode edit = item.putObject("message_edit");
        edit.put("mid", require(event.mid(), i, "mid"));
        edit.put("text", require(event.text(), i, "text"));
        edit.put("num_edit", 1);
      }
      case "read" -> addRead(item.putObject("read"), event, i, now);
      case "delivery" -> {
        ObjectNode delivery = item.putObject("delivery");
        ArrayNode ids = delivery.putArray("mids");
        require(event.mids(), i, "mids").forEach(ids::add);
        delivery.put(
            "watermark", event.watermark() == null ? now.toEpochMilli() : event.watermark());
      }
      default -> {
        ObjectNode attachment = newMessage(item, mids).putArray("attachments").addObject();
        attachment.put("type", event.kind());
        attachment.putObject("payload").put("url", require(event.url(), i, "url"));
      }
    }
  }

  private void addRead(ObjectNode read, WebhookEvent event, int i, Instant now) {
    if (platform == Platform.INSTAGRAM) {
      read.put("mid", require(event.mid(), i, "mid"));
    } else {
      read.put("watermark", event.watermark() == null ? now.toEpochMilli() : event.watermark());
    }
  }

  private ObjectNode newMessage(ObjectNode item, List<String> mids) {
    String mid = MetaIds.messageId(platform);
    mids.add(mid);
    ObjectNode message = item.putObject("message");
    message.put("mid", mid);
    return message;
  }
}
