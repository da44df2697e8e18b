package io.switchboard.whatsapp.outbound;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last message of the WhatsApp user known per conversation: WhatsApp shows a typing indicator
 * only together with marking one of the user's messages read, so a typing event needs one. Filled
 * from the read receipts that go out (they name the user's messages the other side read), and open
 * to the inbound side, which sees the user's messages arrive.
 *
 * <p>In memory and bounded (the conversations used least recently are forgotten first): a restart
 * or a forgotten conversation only means a typing indicator is skipped until the next read.
 */
@Singleton
public class LastUserMessages {
  /** Conversations remembered at most. */
  static final int CAPACITY = 50_000;

  private final Map<String, String> last;

  public LastUserMessages() {
    this(CAPACITY);
  }

  LastUserMessages(int capacity) {
    this.last =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records {@code messageId} (a wamid) as the user's latest message in the conversation. */
  public synchronized void remember(String conversationId, String messageId) {
    if (conversationId != null && messageId != null && !messageId.isBlank()) {
      last.put(conversationId, messageId);
    }
  }

  /** The user's latest message in the conversation, when one is known. */
  public synchronized Optional<String> last(String conversationId) {
    return Optional.ofNullable(last.get(conversationId));
  }
}
