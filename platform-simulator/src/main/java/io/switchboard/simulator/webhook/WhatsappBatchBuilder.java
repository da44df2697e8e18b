package io.switchboard.simulator.webhook;

import static io.switchboard.simulator.webhook.EventFields.require;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.send.MetaIds;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds WhatsApp Cloud API webhooks ({@code object: whatsapp_business_account}): one change of
 * field {@code messages} whose value holds the metadata, the contact, and the messages or statuses.
 */
final class WhatsappBatchBuilder {
  private static final Map<String, String> MIME_TYPES =
      Map.of(
          "image", "image/jpeg",
          "audio", "audio/ogg; codecs=opus",
          "video", "video/mp4",
          "document", "application/pdf");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ObjectMapper json;

  WhatsappBatchBuilder(ObjectMapper json) {
    this.json = json;
  }

  BuiltBatch build(WebhookDescription d, Instant now) {
    ObjectNode root = json.createObjectNode();
    root.put("object", "whatsapp_business_account");
    ObjectNode entry = root.putArray("entry").addObject();
    entry.put("id", d.accountId() == null ? d.businessId() : d.accountId());
    ObjectNode change = entry.putArray("changes").addObject();
    ObjectNode value = change.putObject("value");
    change.put("field", "messages");
    value.put("messaging_product", "whatsapp");
    ObjectNode metadata = value.putObject("metadata");
    metadata.put(
        "display_phone_number",
        d.displayPhoneNumber() == null ? "15550000000" : d.displayPhoneNumber());
    metadata.put("phone_number_id", d.businessId());
    String timestamp = Long.toString(now.getEpochSecond());
    List<String> mids = new ArrayList<>();
    ArrayNode messages = json.createArrayNode();
    ArrayNode statuses = json.createArrayNode();
    for (int i = 0; i < d.events().size(); i++) {
      WebhookEvent event = d.events().get(i);
      switch (event.kind()) {
        case "read" -> addStatus(statuses, require(event.mid(), i, "mid"), "read", d, timestamp);
        case "delivery" ->
            require(event.mids(), i, "mids")
                .forEach(mid -> addStatus(statuses, mid, "delivered", d, timestamp));
        case "edit" -> throw EventFields.unsupported(i, "edit", "whatsapp");
        default -> addMessage(messages.addObject(), event, i, d, timestamp, mids);
      }
    }
    if (!messages.isEmpty()) {
      ObjectNode contact = value.putArray("contacts").addObject();
      contact
          .putObject("profile")
          .put("name", d.userName() == null ? "Simulated User" : d.userName());
      contact.put("wa_id", d.userId());
      value.set("messages", messages);
    }
    if (!statuses.isEmpty()) {
      value.set("statuses", statuses);
    }
    return new BuiltBatch(root, List.copyOf(mids));
  }

  private static void addMessage(
      ObjectNode message,
      WebhookEvent event,
      int i,
      WebhookDescription d,
      String timestamp,
      List<String> mids) {
    String wamid = MetaIds.messageId(Platform.WHATSAPP);
    mids.add(wamid);
    message.put("from", d.userId());
    message.put("id", wamid);
    message.put("timestamp", timestamp);
    String type = event.kind().equals("file") ? "document" : event.kind();
    message.put("type", type);
    switch (type) {
      case "text" -> message.putObject("text").put("body", require(event.text(), i, "text"));
      case "reaction" -> {
        ObjectNode reaction = message.putObject("reaction");
        reaction.put("message_id", require(event.mid(), i, "mid"));
        boolean unreact = "unreact".equals(event.action());
        reaction.put("emoji", unreact ? "" : require(event.emoji(), i, "emoji"));
      }
      default -> {
        // The Cloud API announces media by id, never by URL: the event's url is not carried.
        ObjectNode media = message.putObject(type);
        media.put("id", MetaIds.numericId());
        media.put("mime_type", MIME_TYPES.get(type));
        media.put("sha256", sha256Placeholder());
      }
    }
  }

  private static void addStatus(
      ArrayNode statuses, String mid, String status, WebhookDescription d, String timestamp) {
    ObjectNode item = statuses.addObject();
    item.put("id", mid);
    item.put("status", status);
    item.put("timestamp", timestamp);
    item.put("recipient_id", d.userId());
  }

  private static String sha256Placeholder() {
    byte[] digest = new byte[32];
    RANDOM.nextBytes(digest);
    return Base64.getEncoder().encodeToString(digest);
  }
}
