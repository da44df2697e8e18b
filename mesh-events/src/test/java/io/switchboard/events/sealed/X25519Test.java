package io.switchboard.events.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Raw X25519 keys over the JDK's XDH provider, checked with the RFC 7748 test vectors. */
class X25519Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc7748FirstVector() throws InvalidKeyException {
    byte[] out =
        X25519.dh(
            hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
            hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));

    assertThat(HEX.formatHex(out))
        .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  }

  @Test
  void rfc7748SecondVectorIgnoresTheTopBitOfTheUCoordinate() throws InvalidKeyException {
    // The u-coordinate's last byte is 0x93: its top bit is set and must be masked, not used.
    byte[] out =
        X25519.dh(
            hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
            hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"));

    assertThat(HEX.formatHex(out))
        .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  }

  @Test
  void rfc7748DiffieHellmanExample() throws InvalidKeyException {
    byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");

    byte[] alicePublic = X25519.publicKeyOf(alice);
    byte[] bobPublic = X25519.publicKeyOf(bob);

    assertThat(HEX.formatHex(alicePublic))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(HEX.formatHex(bobPublic))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(HEX.formatHex(X25519.dh(alice, bobPublic))).isEqualTo(shared);
    assertThat(HEX.formatHex(X25519.dh(bob, alicePublic))).isEqualTo(shared);
  }

  @Test
  void smallOrderPublicKeyIsRefused() {
    byte[] privateKey = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

    assertThatThrownBy(() -> X25519.dh(privateKey, new byte[32]))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void keysOfTheWrongLengthAreRefusedClearly() {
    assertThatThrownBy(() -> X25519.dh(new byte[31], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X25519 private key must be 32 raw bytes, was 31 bytes");
    assertThatThrownBy(() -> X25519.dh(new byte[32], new byte[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X25519 public key must be 32 raw bytes, was 33 bytes");
    assertThatThrownBy(() -> new X25519KeyPair(new byte[32], new byte[44]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X25519 public key must be 32 raw bytes, was 44 bytes");
  }

  private static byte[] hex(String hex) {
    return HEX.parseHex(hex);
  }
}
