package io.switchboard.simulator.send;

import io.switchboard.simulator.Platform;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Ids shaped like Meta's: {@code m_...} mids, base64 Instagram mids, {@code wamid....}. */
public final class MetaIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  private MetaIds() {}

  /** A new message id as the platform would assign it. */
  public static String messageId(Platform platform) {
    return switch (platform) {
      case MESSENGER -> "m_" + URL_SAFE.encodeToString(bytes(36));
      case INSTAGRAM ->
          Base64.getEncoder()
              .encodeToString(
                  ("ig_message_item:1:" + HexFormat.of().formatHex(bytes(20)))
                      .getBytes(StandardCharsets.UTF_8));
      case WHATSAPP -> "wamid." + Base64.getEncoder().encodeToString(bytes(30));
    };
  }

  /** A trace id like the one Meta puts in every error body. */
  public static String fbtraceId() {
    return URL_SAFE.encodeToString(bytes(8));
  }

  /** A numeric id, e.g. a WhatsApp media id. */
  public static String numericId() {
    return Long.toString(
        1_000_000_000_000_000L + Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000_000L));
  }

  private static byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
