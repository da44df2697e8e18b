package io.switchboard.identity.service;

import io.switchboard.identity.config.LinkingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time link codes: six random digits, stored only as an HMAC bound to their link request, so
 * neither the table nor a code from another request confirms anything.
 */
@ApplicationScoped
public class LinkCodes {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int BOUND = 1_000_000;

  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec key;

  public LinkCodes(LinkingConfig config) {
    this.key = new SecretKeySpec(config.codePepper().getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** A fresh six-digit code, leading zeros kept. */
  public String newCode() {
    return String.format("%06d", random.nextInt(BOUND));
  }

  public byte[] hash(UUID linkId, String code) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(linkId.toString().getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(code.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  /** Compares in constant time, so response times say nothing about how close a guess was. */
  public boolean matches(byte[] stored, UUID linkId, String code) {
    return MessageDigest.isEqual(stored, hash(linkId, code));
  }
}
