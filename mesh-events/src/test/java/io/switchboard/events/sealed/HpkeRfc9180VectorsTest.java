package io.switchboard.events.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9180 Appendix A.1 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM), reproduced exactly:
 * A.1.1 in the base mode and A.1.3 in the auth mode. The values are in {@code
 * hpke/rfc9180-a1.json}, copied from the RFC.
 */
class HpkeRfc9180VectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Named<JsonNode>> vectors() throws IOException {
    try (InputStream in =
        HpkeRfc9180VectorsTest.class.getResourceAsStream("/hpke/rfc9180-a1.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      return StreamSupport.stream(root.get("vectors").spliterator(), false)
          .map(v -> Named.of(v.get("name").asText(), v))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void vectorIsForTheSuiteImplemented(JsonNode v) {
    assertThat(v.get("kem_id").asInt()).isEqualTo(Hpke.KEM_ID);
    assertThat(v.get("kdf_id").asInt()).isEqualTo(Hpke.KDF_ID);
    assertThat(v.get("aead_id").asInt()).isEqualTo(Hpke.AEAD_ID);
    assertThat(v.get("mode").asInt()).isIn(Hpke.MODE_BASE, Hpke.MODE_AUTH);
    assertThat(v.at("/encryption/sequence_number").asInt()).isZero();
    assertThat(v.at("/encryption/nonce").asText()).isEqualTo(v.get("base_nonce").asText());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void deriveKeyPairGivesTheListedKeys(JsonNode v) {
    assertKeyPair(Hpke.deriveKeyPair(hex(v, "ikmE")), v, "skEm", "pkEm");
    assertKeyPair(Hpke.deriveKeyPair(hex(v, "ikmR")), v, "skRm", "pkRm");
    if (isAuth(v)) {
      assertKeyPair(Hpke.deriveKeyPair(hex(v, "ikmS")), v, "skSm", "pkSm");
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void encapsulationGivesTheListedEncAndSharedSecret(JsonNode v) {
    Hpke hpke = withVectorEphemeralKey(v);

    Hpke.Encapsulation encapsulation =
        isAuth(v) ? hpke.authEncap(hex(v, "pkRm"), hex(v, "skSm")) : hpke.encap(hex(v, "pkRm"));

    assertThat(HEX.formatHex(encapsulation.enc())).isEqualTo(v.get("enc").asText());
    assertThat(HEX.formatHex(encapsulation.sharedSecret()))
        .isEqualTo(v.get("shared_secret").asText());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void decapsulationGivesTheListedSharedSecret(JsonNode v) throws SealedMessageException {
    byte[] sharedSecret =
        isAuth(v)
            ? Hpke.authDecap(hex(v, "enc"), hex(v, "skRm"), hex(v, "pkSm"))
            : Hpke.decap(hex(v, "enc"), hex(v, "skRm"));

    assertThat(HEX.formatHex(sharedSecret)).isEqualTo(v.get("shared_secret").asText());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void keyScheduleGivesTheListedKeyAndBaseNonce(JsonNode v) {
    Hpke.Context context =
        Hpke.keySchedule(v.get("mode").asInt(), hex(v, "shared_secret"), hex(v, "info"));

    assertThat(HEX.formatHex(context.key())).isEqualTo(v.get("key").asText());
    assertThat(HEX.formatHex(context.baseNonce())).isEqualTo(v.get("base_nonce").asText());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void firstEncryptionGivesTheListedCiphertext(JsonNode v) {
    Hpke hpke = withVectorEphemeralKey(v);
    byte[] pt = hex(v, "/encryption/pt");
    byte[] aad = hex(v, "/encryption/aad");

    Hpke.Sealed sealed =
        isAuth(v)
            ? hpke.sealAuth(hex(v, "pkRm"), hex(v, "info"), aad, pt, hex(v, "skSm"))
            : hpke.sealBase(hex(v, "pkRm"), hex(v, "info"), aad, pt);

    assertThat(HEX.formatHex(sealed.enc())).isEqualTo(v.get("enc").asText());
    assertThat(HEX.formatHex(sealed.ciphertext())).isEqualTo(v.at("/encryption/ct").asText());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void listedCiphertextOpensToTheListedPlaintext(JsonNode v) throws SealedMessageException {
    byte[] aad = hex(v, "/encryption/aad");
    byte[] ct = hex(v, "/encryption/ct");

    byte[] pt =
        isAuth(v)
            ? Hpke.openAuth(hex(v, "enc"), hex(v, "skRm"), hex(v, "info"), aad, ct, hex(v, "pkSm"))
            : Hpke.openBase(hex(v, "enc"), hex(v, "skRm"), hex(v, "info"), aad, ct);

    assertThat(HEX.formatHex(pt)).isEqualTo(v.at("/encryption/pt").asText());
  }

  private static Hpke withVectorEphemeralKey(JsonNode v) {
    X25519KeyPair ephemeral = new X25519KeyPair(hex(v, "skEm"), hex(v, "pkEm"));
    return Hpke.withEphemeralKeys(() -> ephemeral);
  }

  private static void assertKeyPair(X25519KeyPair pair, JsonNode v, String sk, String pk) {
    assertThat(HEX.formatHex(pair.privateKey())).as(sk).isEqualTo(v.get(sk).asText());
    assertThat(HEX.formatHex(pair.publicKey())).as(pk).isEqualTo(v.get(pk).asText());
  }

  private static boolean isAuth(JsonNode v) {
    return v.get("mode").asInt() == Hpke.MODE_AUTH;
  }

  private static byte[] hex(JsonNode v, String field) {
    JsonNode node = field.startsWith("/") ? v.at(field) : v.get(field);
    return HEX.parseHex(node.asText());
  }
}
