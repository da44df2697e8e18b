package io.switchboard.events.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.EventCodec;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.SealedContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vectors every client's sealing code must reproduce ({@code sealed/shared-vectors.json}):
 * made-up fixed keys, the sealed content exactly as the wire carries it, and contents that must not
 * open. The web client's {@code sealed.js} is checked against the same file, so a JVM and a browser
 * device seal and open the same bytes.
 */
class SharedVectorsTest {
  private static final Base64.Decoder BASE64 = Base64.getDecoder();

  private static JsonNode root() throws IOException {
    try (InputStream in =
        SharedVectorsTest.class.getResourceAsStream("/sealed/shared-vectors.json")) {
      return EventCodec.mapper().readTree(in);
    }
  }

  private static Stream<Named<JsonNode>> section(String name) throws IOException {
    List<Named<JsonNode>> named = new ArrayList<>();
    for (JsonNode v : root().get(name)) {
      named.add(Named.of(v.get("name").asText(), v));
    }
    return named.stream();
  }

  static Stream<Named<JsonNode>> vectors() throws IOException {
    return section("vectors");
  }

  static Stream<Named<JsonNode>> mustNotOpen() throws IOException {
    return section("mustNotOpen");
  }

  @Test
  void theFileIsForThisSuiteAndInfo() throws IOException {
    JsonNode root = root();
    assertThat(root.get("algorithm").asText()).isEqualTo(SealedMessages.ALGORITHM);
    assertThat(root.get("info").asText()).isEqualTo(SealedMessages.INFO);
    assertThat(root.get("vectors")).hasSizeGreaterThanOrEqualTo(4);
    assertThat(root.get("mustNotOpen")).hasSizeGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void publicKeysAreThoseOfThePrivateKeys(JsonNode v) {
    assertThat(privateKey(v.get("sender")).toPublicKey()).isEqualTo(publicKey(v.get("sender")));
    for (JsonNode r : v.get("recipients")) {
      assertThat(privateKey(r).toPublicKey()).isEqualTo(publicKey(r));
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void sealingWithTheFixedEphemeralKeysReproducesTheContentByteForByte(JsonNode v)
      throws IOException {
    List<byte[]> ephemeralKeys = new ArrayList<>();
    List<DevicePublicKey> recipients = new ArrayList<>();
    for (JsonNode r : v.get("recipients")) {
      ephemeralKeys.add(bytes(r, "ephemeralPrivateKey"));
      recipients.add(publicKey(r));
    }
    Iterator<byte[]> next = ephemeralKeys.iterator();
    SealedMessages sealer =
        new SealedMessages(Hpke.withEphemeralKeys(() -> X25519KeyPair.of(next.next())));

    SealedContent content =
        sealer.seal(
            v.get("messageId").asText(),
            privateKey(v.get("sender")),
            recipients,
            bytes(v, "plaintextBase64"));

    assertThat(next.hasNext()).as("one ephemeral key per recipient").isFalse();
    assertThat(content).isEqualTo(content(v.get("content")));
    String wire = EventCodec.mapper().writerFor(Content.class).writeValueAsString(content);
    assertThat(EventCodec.mapper().readTree(wire)).isEqualTo(v.get("content"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void everyRecipientOpensTheContentToThePlaintext(JsonNode v) throws SealedMessageException {
    SealedContent content = content(v.get("content"));
    DevicePublicKey sender = publicKey(v.get("sender"));
    for (JsonNode r : v.get("recipients")) {
      assertThat(SealedMessages.open(v.get("messageId").asText(), content, privateKey(r), sender))
          .isEqualTo(bytes(v, "plaintextBase64"));
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void theSenderIsNoRecipientUnlessListed(JsonNode v) {
    String senderKeyId = v.at("/sender/keyId").asText();
    assertThat(content(v.get("content")).envelopes())
        .noneMatch(e -> e.recipientDeviceKeyId().equals(senderKeyId));
  }

  @ParameterizedTest
  @MethodSource("mustNotOpen")
  void tamperedContentDoesNotOpen(JsonNode n) {
    SealedContent content = content(n.get("content"));
    DevicePublicKey sender =
        new DevicePublicKey(content.senderDeviceKeyId(), bytes(n, "senderPublicKey"));

    assertThatThrownBy(
            () ->
                SealedMessages.open(
                    n.get("messageId").asText(), content, privateKey(n.get("recipient")), sender))
        .isInstanceOf(SealedMessageException.class)
        .hasMessageNotContaining(n.at("/recipient/privateKey").asText());
  }

  private static SealedContent content(JsonNode node) {
    try {
      return (SealedContent) EventCodec.mapper().treeToValue(node, Content.class);
    } catch (IOException e) {
      throw new AssertionError("the vector's content is not sealed content", e);
    }
  }

  private static DevicePrivateKey privateKey(JsonNode key) {
    return new DevicePrivateKey(key.get("keyId").asText(), bytes(key, "privateKey"));
  }

  private static DevicePublicKey publicKey(JsonNode key) {
    return new DevicePublicKey(key.get("keyId").asText(), bytes(key, "publicKey"));
  }

  private static byte[] bytes(JsonNode node, String field) {
    return BASE64.decode(node.get(field).asText());
  }
}
