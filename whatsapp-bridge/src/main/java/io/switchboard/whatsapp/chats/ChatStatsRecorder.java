package io.switchboard.whatsapp.chats;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Counts a webhook's published messages once Kafka has them. The counts are an operator's view, not
 * the record: Kafka holds the messages, so a count that cannot be stored is logged and given up,
 * and the webhook is still answered 200 (a 503 would make WhatsApp redeliver events the mesh
 * already has).
 */
@ApplicationScoped
public class ChatStatsRecorder {
  private static final Logger LOG = Logger.getLogger(ChatStatsRecorder.class);

  private final ChatStatsRepository repository;

  public ChatStatsRecorder(ChatStatsRepository repository) {
    this.repository = repository;
  }

  /** Adds the counts of {@code published}; never fails. */
  public Uni<Void> record(List<MeshEvent<EventData>> published) {
    ChatCounts counts = ChatCounts.of(published);
    return repository
        .increment(counts)
        .onFailure()
        .recoverWithUni(
            e -> {
              // The class only: a database error may quote the chat ids, which hold WhatsApp ids.
              LOG.warnf(
                  "could not count messages of %d chats: %s",
                  counts.chatIds().size(), e.getClass().getName());
              return Uni.createFrom().voidItem();
            });
  }
}
