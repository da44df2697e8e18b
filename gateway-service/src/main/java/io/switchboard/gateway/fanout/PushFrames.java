package io.switchboard.gateway.fanout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.Typing;
import java.util.List;

/**
 * The frames the fan-out pushes that are not log entries (docs/gateway.md): {@code typing} and
 * {@code receipt}. Neither is kept in the conversation log: a device that was away does not get
 * them on {@code sync}.
 */
final class PushFrames {
  private PushFrames() {}

  static String typing(Typing typing, String personId) {
    ObjectNode frame = EventCodec.mapper().createObjectNode();
    frame.put("type", "typing");
    frame.put("conversationId", typing.conversationId());
    account(frame.putObject("sender"), typing.sender(), personId);
    frame.put("typing", typing.typing());
    if (typing.expiresAt() != null) {
      frame.put("expiresAt", typing.expiresAt().toString());
    }
    return frame.toString();
  }

  static String receipt(
      String conversationId, Receipt receipt, List<String> messageIds, String readerPersonId) {
    ObjectNode frame = EventCodec.mapper().createObjectNode();
    frame.put("type", "receipt");
    frame.put("conversationId", conversationId);
    frame.put("status", receipt.status().wireName());
    ArrayNode ids = frame.putArray("messageIds");
    messageIds.forEach(ids::add);
    account(frame.putObject("reader"), receipt.account(), readerPersonId);
    frame.put("at", receipt.reportedAt() != null ? receipt.reportedAt().toString() : null);
    if (receipt.errorCode() != null) {
      frame.put("errorCode", receipt.errorCode());
      frame.put("errorReason", receipt.errorReason());
    }
    return frame.toString();
  }

  private static void account(ObjectNode node, AccountRef account, String personId) {
    node.put("platform", account.platform().wireName());
    node.put("accountId", account.accountId());
    if (personId != null) {
      node.put("personId", personId);
    }
  }
}
