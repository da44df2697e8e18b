package io.switchboard.cli.run;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs the mesh's JWTs (RS256, issuer {@code https://switchboard.local}) with a local private key:
 * service tokens (group {@code service}) and person tokens (group {@code person}, subject the
 * person id), as identity-service and the gateway verify them. For local runs and tests only.
 */
public final class LocalTokens {
  public static final String ISSUER = "https://switchboard.local";

  private final PrivateKey key;

  private LocalTokens(PrivateKey key) {
    this.key = key;
  }

  /** From the base64 of an RSA private key in PKCS#8. */
  public static LocalTokens of(String base64Pkcs8) {
    try {
      return new LocalTokens(
          KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64Pkcs8))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an RSA private key in PKCS#8", e);
    }
  }

  public static LocalTokens of(PrivateKey key) {
    return new LocalTokens(key);
  }

  /** A person's token, valid for {@code lifetime}. */
  public String person(String personId, Duration lifetime) {
    return sign(personId, "person", lifetime);
  }

  /** A mesh service's token, valid for {@code lifetime}. */
  public String service(String name, Duration lifetime) {
    return sign(name, "service", lifetime);
  }

  private String sign(String subject, String group, Duration lifetime) {
    long now = Instant.now().getEpochSecond();
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":\""
            + json(subject)
            + "\",\"upn\":\""
            + json(subject)
            + "\",\"groups\":[\""
            + group
            + "\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + lifetime.toSeconds())
            + "}";
    String input = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64Url(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RS256 is required of every JDK", e);
    }
  }

  private static String json(String value) {
    if (!value.matches("[A-Za-z0-9._:@-]{1,200}")) {
      throw new IllegalArgumentException("a subject is letters, digits and ._:@- only");
    }
    return value;
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
