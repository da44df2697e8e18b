package io.switchboard.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.identity.TestKeys;
import io.switchboard.service.rest.ApiException;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicKeysTest {

  @Test
  void keepsTheRawKeyWhetherSentRawOrAsSubjectPublicKeyInfo() {
    KeyPair pair = TestKeys.x25519();
    byte[] raw = Base64.getDecoder().decode(TestKeys.raw(pair));

    assertThat(PublicKeys.check("X25519", TestKeys.raw(pair), "keys[0]").raw()).isEqualTo(raw);
    assertThat(PublicKeys.check("X25519", TestKeys.spki(pair), "keys[0]").raw()).isEqualTo(raw);
  }

  @Test
  void acceptsEd25519SigningKeys() {
    KeyPair pair = TestKeys.ed25519();

    PublicKeys.Checked key = PublicKeys.check("Ed25519", TestKeys.spki(pair), "keys[0]");

    assertThat(key.algorithm()).isEqualTo("Ed25519");
    assertThat(key.raw()).isEqualTo(Base64.getDecoder().decode(TestKeys.raw(pair)));
  }

  @Test
  void acceptsUrlSafeBase64() {
    KeyPair pair = TestKeys.x25519();
    String urlSafe = TestKeys.raw(pair).replace('+', '-').replace('/', '_').replace("=", "");

    assertThat(PublicKeys.check("X25519", urlSafe, "").raw())
        .isEqualTo(Base64.getDecoder().decode(TestKeys.raw(pair)));
  }

  @Test
  void refusesPrivateKeysWithoutEchoingThem() {
    for (KeyPair pair : List.of(TestKeys.x25519(), TestKeys.ed25519())) {
      ApiException refusal =
          refusal(() -> PublicKeys.check("X25519", TestKeys.pkcs8(pair), "keys[0]"));

      assertThat(refusal.getMessage())
          .contains("private keys are never accepted")
          .doesNotContain(TestKeys.pkcs8(pair));
      assertThat(field(refusal)).isEqualTo("keys[0].publicKey");
    }
  }

  @Test
  void refusesAKeyOfTheOtherAlgorithm() {
    ApiException refusal =
        refusal(() -> PublicKeys.check("X25519", TestKeys.spki(TestKeys.ed25519()), "keys[1]"));

    assertThat(field(refusal)).isEqualTo("keys[1].publicKey");
  }

  @Test
  void refusesKeysOfTheWrongLengthOrNotInBase64() {
    String tooLong = Base64.getEncoder().encodeToString(new byte[64]);
    for (String bad : List.of("AAEC", "not base64!", "", tooLong)) {
      assertThat(field(refusal(() -> PublicKeys.check("Ed25519", bad, "")))).isEqualTo("publicKey");
    }
  }

  @Test
  void refusesAnUnknownAlgorithm() {
    ApiException refusal =
        refusal(() -> PublicKeys.check("P-256", TestKeys.raw(TestKeys.x25519()), "keys[0]"));

    assertThat(field(refusal)).isEqualTo("keys[0].algorithm");
  }

  private static ApiException refusal(Runnable check) {
    try {
      check.run();
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e;
    }
    throw new AssertionError("expected the key to be refused");
  }

  @SuppressWarnings("unchecked")
  private static String field(ApiException refusal) {
    return ((List<Map<String, String>>) refusal.details()).get(0).get("field");
  }
}
