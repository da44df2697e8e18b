package io.switchboard.simulator.webhook;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * One thing the person does.
 *
 * <ul>
 *   <li>{@code text}: sends {@code text}
 *   <li>{@code image}, {@code audio}, {@code video}, {@code file}: sends the media at {@code url}
 *   <li>{@code reaction}: reacts with {@code emoji} to {@code mid} ({@code action} {@code unreact}
 *       removes it)
 *   <li>{@code edit}: replaces the text of {@code mid} with {@code text} (Messenger, Instagram)
 *   <li>{@code read}: reads up to {@code watermark} (Messenger) or {@code mid}
 *   <li>{@code delivery}: receives {@code mids}
 * </ul>
 */
public record WebhookEvent(
    @NotNull @Pattern(regexp = "text|image|audio|video|file|reaction|edit|read|delivery")
        String kind,
    String text,
    String url,
    String mid,
    String emoji,
    String action,
    Long watermark,
    List<String> mids) {

  /** Never prints the text. */
  @Override
  public String toString() {
    return "WebhookEvent[kind=" + kind + ", mid=" + mid + "]";
  }

  boolean isMedia() {
    return switch (kind) {
      case "image", "audio", "video", "file" -> true;
      default -> false;
    };
  }

  /** Whether the person wrote something, which opens the messaging window. */
  boolean isInbound() {
    return kind.equals("text") || isMedia() || kind.equals("reaction") || kind.equals("edit");
  }
}
