package io.switchboard.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Event ids. A platform event's id is a name-based UUID (version 5) of the platform, the event type
 * and the platform's own ids, so a webhook delivered twice yields the same id and the second is
 * recognised as a duplicate. Events that start in the mesh get a time-ordered random UUID (version
 * 7).
 */
public final class EventIds {
  /** The namespace of Switchboard's name-based ids (a fixed, random UUID). */
  static final UUID NAMESPACE = UUID.fromString("3c8b4f5e-6d1a-4e0b-9a57-0f2d8c1e7b42");

  private static final SecureRandom RANDOM = new SecureRandom();

  private EventIds() {}

  /**
   * The deterministic id of a platform event.
   *
   * @param platform the app the event came from
   * @param type the event type
   * @param platformIds the platform's ids that identify the event, e.g. the {@code mid}, or the
   *     {@code mid} and the reacting user and emoji for a reaction
   */
  public static String forPlatformEvent(Platform platform, EventType type, String... platformIds) {
    if (platformIds.length == 0) {
      throw new IllegalArgumentException("a platform event id needs the platform's own ids");
    }
    StringBuilder name = new StringBuilder(platform.wireName()).append('|').append(type.ceType());
    for (String part : platformIds) {
      if (part == null || part.isEmpty()) {
        throw new IllegalArgumentException("platform ids must not be empty");
      }
      name.append('|').append(part.length()).append(':').append(part);
    }
    return nameBased(name.toString()).toString();
  }

  /** A new time-ordered random id (UUID version 7) for events that start in the mesh. */
  public static String random() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  static UUID nameBased(String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
    ByteBuffer namespace = ByteBuffer.allocate(16);
    namespace.putLong(NAMESPACE.getMostSignificantBits());
    namespace.putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(namespace.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
