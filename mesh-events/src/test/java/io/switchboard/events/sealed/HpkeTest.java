package io.switchboard.events.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The HPKE layer on its own, beyond the RFC vectors. */
class HpkeTest {
  private static final byte[] INFO = "info".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PLAINTEXT = "hello".getBytes(StandardCharsets.US_ASCII);

  private final SecureRandom random = new SecureRandom();
  private final X25519KeyPair recipient = X25519KeyPair.generate(random);
  private final X25519KeyPair sender = X25519KeyPair.generate(random);

  @Test
  void baseModeRoundTripsAndDependsOnInfoAndAad() throws SealedMessageException {
    Hpke.Sealed sealed = Hpke.create().sealBase(recipient.publicKey(), INFO, AAD, PLAINTEXT);

    assertThat(Hpke.openBase(sealed.enc(), recipient.privateKey(), INFO, AAD, sealed.ciphertext()))
        .isEqualTo(PLAINTEXT);
    assertThatThrownBy(
            () ->
                Hpke.openBase(sealed.enc(), recipient.privateKey(), AAD, AAD, sealed.ciphertext()))
        .isInstanceOf(SealedMessageException.class);
    assertThatThrownBy(
            () ->
                Hpke.openBase(
                    sealed.enc(), recipient.privateKey(), INFO, INFO, sealed.ciphertext()))
        .isInstanceOf(SealedMessageException.class);
  }

  @Test
  void authModeOpensOnlyWithTheSendersPublicKey() throws SealedMessageException {
    Hpke.Sealed sealed =
        Hpke.create().sealAuth(recipient.publicKey(), INFO, AAD, PLAINTEXT, sender.privateKey());

    assertThat(
            Hpke.openAuth(
                sealed.enc(),
                recipient.privateKey(),
                INFO,
                AAD,
                sealed.ciphertext(),
                sender.publicKey()))
        .isEqualTo(PLAINTEXT);
    assertThatThrownBy(
            () ->
                Hpke.openAuth(
                    sealed.enc(),
                    recipient.privateKey(),
                    INFO,
                    AAD,
                    sealed.ciphertext(),
                    X25519KeyPair.generate(random).publicKey()))
        .isInstanceOf(SealedMessageException.class);
    assertThatThrownBy(
            () ->
                Hpke.openBase(sealed.enc(), recipient.privateKey(), INFO, AAD, sealed.ciphertext()))
        .as("an auth-mode seal does not open in base mode")
        .isInstanceOf(SealedMessageException.class);
  }

  @Test
  void anEncapsulatedKeyOfSmallOrderIsRefusedWhenOpening() {
    assertThatThrownBy(
            () -> Hpke.openBase(new byte[32], recipient.privateKey(), INFO, AAD, new byte[32]))
        .isInstanceOf(SealedMessageException.class)
        .hasMessageContaining("small order");
  }

  @Test
  void deriveKeyPairNeedsEnoughInputKeyingMaterial() {
    assertThatThrownBy(() -> Hpke.deriveKeyPair(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ikm must be at least 32 bytes, was 31 bytes");
  }

  @Test
  void keyPairsNeverShowTheirPrivateKey() {
    assertThat(recipient.toString())
        .startsWith("X25519KeyPair[publicKey=")
        .doesNotContain(Base64.getEncoder().encodeToString(recipient.privateKey()));
  }
}
