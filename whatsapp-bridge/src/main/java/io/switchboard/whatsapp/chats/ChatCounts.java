package io.switchboard.whatsapp.chats;

import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The increments one webhook makes to the per-chat counts: new messages per chat and the latest
 * message's time. Only {@code message.created} events count; reactions and receipts are not
 * messages. Chats are sorted by id so that concurrent webhooks lock rows in the same order.
 */
public record ChatCounts(List<String> chatIds, List<Long> messages, List<Instant> lastMessageAt) {

  public static ChatCounts of(Collection<MeshEvent<EventData>> events) {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Instant> latest = new TreeMap<>();
    for (MeshEvent<EventData> event : events) {
      if (event.data() instanceof MessageCreated message) {
        String chat = message.conversationId();
        counts.computeIfAbsent(chat, c -> new long[1])[0]++;
        latest.merge(chat, message.sentAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    return new ChatCounts(
        List.copyOf(counts.keySet()),
        counts.values().stream().map(count -> count[0]).toList(),
        List.copyOf(latest.values()));
  }

  public boolean isEmpty() {
    return chatIds.isEmpty();
  }
}
