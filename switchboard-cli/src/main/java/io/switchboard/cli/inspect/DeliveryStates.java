package io.switchboard.cli.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.cli.kafka.RecordView;
import io.switchboard.events.data.ReceiptStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each message of a history got to, from the receipts in it: per message and reporting
 * account the furthest state ({@link ReceiptStatus#advance}, so a late receipt never downgrades). A
 * watermark receipt counts for every message of its conversation sent up to the watermark.
 */
final class DeliveryStates {
  private final Map<String, Map<String, ReceiptStatus>> states = new LinkedHashMap<>();

  private DeliveryStates() {}

  static DeliveryStates of(List<RecordView> history) {
    DeliveryStates result = new DeliveryStates();
    List<RecordView> messages =
        history.stream().filter(v -> "message.created.v1".equals(v.type())).toList();
    messages.forEach(
        m -> result.states.putIfAbsent(m.data().path("messageId").asText(), new LinkedHashMap<>()));
    for (RecordView view : history) {
      if (!"receipt.v1".equals(view.type()) || view.data() == null) {
        continue;
      }
      ReceiptStatus status;
      try {
        status = ReceiptStatus.fromWireName(view.data().path("status").asText());
      } catch (IllegalArgumentException unknown) {
        continue;
      }
      for (String messageId : receiptTargets(view, messages)) {
        result
            .states
            .computeIfAbsent(messageId, id -> new LinkedHashMap<>())
            .merge(view.sender() == null ? "-" : view.sender(), status, ReceiptStatus::advance);
      }
    }
    return result;
  }

  /** The message ids an event is about. */
  static List<String> messageIds(RecordView view) {
    List<String> ids = new ArrayList<>();
    if (view.data() == null) {
      return ids;
    }
    if (view.data().hasNonNull("messageId")) {
      ids.add(view.data().path("messageId").asText());
    }
    view.data().path("messageIds").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  String table() {
    if (states.isEmpty()) {
      return "no messages\n";
    }
    StringBuilder text = new StringBuilder("delivery states (from receipts)\n");
    text.append(String.format("  %-40s %-30s %s%n", "MESSAGE", "ACCOUNT", "STATE"));
    states.forEach(
        (message, byAccount) -> {
          if (byAccount.isEmpty()) {
            text.append(String.format("  %-40s %-30s %s%n", message, "-", "no receipt yet"));
          }
          byAccount.forEach(
              (account, state) ->
                  text.append(
                      String.format("  %-40s %-30s %s%n", message, account, state.wireName())));
        });
    return text.toString();
  }

  private static List<String> receiptTargets(RecordView receipt, List<RecordView> messages) {
    if (!receipt.data().has("watermark")) {
      return messageIds(receipt);
    }
    Instant watermark = instant(receipt.data().path("watermark"));
    if (watermark == null) {
      return List.of();
    }
    return messages.stream()
        .filter(m -> m.conversation() != null && m.conversation().equals(receipt.conversation()))
        .filter(
            m -> {
              Instant sent = instant(m.data().path("sentAt"));
              return sent != null && !sent.isAfter(watermark);
            })
        .map(m -> m.data().path("messageId").asText())
        .toList();
  }

  private static Instant instant(JsonNode value) {
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
