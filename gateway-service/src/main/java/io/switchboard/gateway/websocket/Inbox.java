package io.switchboard.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.gateway.log.ConversationLog;
import io.switchboard.gateway.log.InboxEntry;
import io.switchboard.gateway.routing.RoutingViewLoader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The {@code inbox} frame: the person's conversations as this device sees them (docs/gateway.md
 * "inbox"), so that a client lists every conversation from every app, with unread counts and its
 * message requests apart, without keeping a copy of the log.
 */
@ApplicationScoped
public class Inbox {
  /** At most this many conversations, the most recently active. */
  static final int LIMIT = 200;

  private static final Logger LOG = Logger.getLogger(Inbox.class);

  private final ConversationLog log;
  private final RoutingViewLoader routing;

  public Inbox(ConversationLog log, RoutingViewLoader routing) {
    this.log = log;
    this.routing = routing;
  }

  Uni<Void> answer(JsonNode frame, WebSocketConnection connection, String person, String device) {
    JsonNode ref = frame.get("ref");
    if (ref != null
        && (!ref.isTextual() || ref.asText().isEmpty() || ref.asText().length() > 128)) {
      return connection.sendText(
          Frames.error("invalid_field", "ref: optional, 1 to 128 characters", null, null));
    }
    String refText = ref == null ? null : ref.asText();
    return log.inbox(person, device, LIMIT)
        .map(entries -> frame(refText, entries))
        .chain(connection::sendText)
        .onFailure()
        .recoverWithUni(
            failure -> {
              LOG.warnf(
                  "inbox failed on connection %s: %s",
                  connection.id(), failure.getClass().getName());
              return connection.sendText(
                  Frames.error("unavailable", "try again later", null, refText));
            });
  }

  private String frame(String ref, List<InboxEntry> entries) {
    ObjectNode frame = EventCodec.mapper().createObjectNode();
    frame.put("type", "inbox");
    if (ref != null) {
      frame.put("ref", ref);
    }
    ArrayNode conversations = frame.putArray("conversations");
    for (InboxEntry entry : entries) {
      ObjectNode c = conversations.addObject();
      c.put("conversationId", entry.conversationId());
      c.put("kind", entry.kind());
      c.put("name", entry.name());
      c.put("theme", entry.theme());
      c.put("lastSeq", entry.lastSeq());
      c.put("ackedSeq", Math.min(entry.ackedSeq(), entry.lastSeq()));
      c.put("unread", entry.unread());
      c.put("request", entry.request());
      c.put("lastAt", entry.lastAt().toString());
      ArrayNode members = c.putArray("members");
      entry.members().forEach(members::add);
      ArrayNode accounts = c.putArray("accounts");
      for (AccountRef account : entry.accounts()) {
        ObjectNode a = accounts.addObject();
        a.put("platform", account.platform().wireName());
        a.put("accountId", account.accountId());
        a.put("personId", routing.view().find(account).map(AccountRoute::personId).orElse(null));
      }
    }
    return Frames.write(frame);
  }
}
