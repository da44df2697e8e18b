package io.switchboard.adapter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Meta's {@code X-Hub-Signature-256} header: {@code sha256=} and the hex HMAC-SHA256 of the
 * raw request body, keyed with the app secret. The check runs on the bytes as received (never on
 * re-serialized JSON) and compares in constant time.
 */
public final class WebhookSignatureVerifier {
  /** The header Meta signs webhooks with. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String PREFIX = "sha256=";
  private static final int SIGNATURE_HEX_LENGTH = 64;

  private final SecretKeySpec key;

  public WebhookSignatureVerifier(String appSecret) {
    if (appSecret == null || appSecret.isEmpty()) {
      throw new IllegalArgumentException("the app secret must be configured");
    }
    this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The outcome of a check; only {@link #VALID} lets a webhook through. */
  public enum Result {
    VALID,
    MISSING,
    MALFORMED,
    MISMATCH
  }

  public Result verify(byte[] rawBody, String header) {
    if (header == null || header.isBlank()) {
      return Result.MISSING;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        || value.length() != PREFIX.length() + SIGNATURE_HEX_LENGTH) {
      return Result.MALFORMED;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Result.MALFORMED;
    }
    return MessageDigest.isEqual(sign(rawBody), given) ? Result.VALID : Result.MISMATCH;
  }

  /** The header value Meta would send for {@code rawBody}; for tests and the platform simulator. */
  public String header(byte[] rawBody) {
    return PREFIX + HexFormat.of().formatHex(sign(rawBody));
  }

  private byte[] sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
