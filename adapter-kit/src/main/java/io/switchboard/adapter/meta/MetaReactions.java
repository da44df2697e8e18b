package io.switchboard.adapter.meta;

import static io.switchboard.adapter.meta.MetaMapping.event;
import static io.switchboard.adapter.meta.MetaMapping.skipped;

import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import java.util.Locale;
import java.util.Map;

/**
 * Reactions added ({@code react}) and removed ({@code unreact}). Meta names reactions ({@code
 * love}, {@code like}, ...) and, where it can, gives the emoji too; the mesh carries the emoji.
 */
final class MetaReactions {
  private static final Map<String, String> BY_NAME =
      Map.of(
          "love", "\u2764\ufe0f",
          "like", "\ud83d\udc4d",
          "smile", "\ud83d\ude06",
          "wow", "\ud83d\ude2e",
          "sad", "\ud83d\ude22",
          "angry", "\ud83d\ude20");

  private MetaReactions() {}

  /** Each react or unreact is its own event: the id includes the action and Meta's timestamp. */
  static MetaMapping map(MetaEventContext c, MetaMessaging.Reaction reaction) {
    if (reaction.mid() == null) {
      return skipped("reaction.without_mid");
    }
    String action =
        reaction.action() == null ? "react" : reaction.action().toLowerCase(Locale.ROOT);
    String emoji = emoji(reaction.emoji(), reaction.reaction());
    String[] ids = {reaction.mid(), c.actorId(), action, c.epochMillis()};
    if ("unreact".equals(action)) {
      return event(
          new ReactionRemoved(
              c.conversationId(), reaction.mid(), c.actor(), emoji, c.at(), c.receivedAt()),
          ids);
    }
    if (!"react".equals(action)) {
      return skipped("reaction.action");
    }
    if (emoji == null) {
      return skipped("reaction.without_emoji");
    }
    return event(
        new ReactionAdded(
            c.conversationId(), reaction.mid(), c.actor(), emoji, c.at(), c.receivedAt()),
        ids);
  }

  /** The emoji, or the name's emoji, or the name itself when it is not one Meta documents. */
  static String emoji(String emoji, String name) {
    if (emoji != null && !emoji.isBlank()) {
      return emoji;
    }
    if (name == null || name.isBlank() || "other".equalsIgnoreCase(name)) {
      return null;
    }
    return BY_NAME.getOrDefault(name.toLowerCase(Locale.ROOT), name);
  }
}
