package io.switchboard.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.service.rest.ApiException;
import io.switchboard.whatsapp.keys.DeviceKeyCheck;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sealed push's shape and size checks, which never look inside the ciphertext. */
class SealedPushReaderTest {
  private static final String ENC = Base64.getEncoder().encodeToString(new byte[32]);

  private final SealedPushReader reader = new SealedPushReader(64);

  @Test
  void carriesTheStringsUnchanged() {
    String ciphertext = b64(40);
    SealedContent content =
        reader.read(
            "wamid.1",
            new SealedPush(
                SealedMessages.ALGORITHM,
                "dk_s",
                List.of(new SealedPush.Envelope("dk_r", ENC, ciphertext))));

    assertThat(content)
        .isEqualTo(
            new SealedContent(
                SealedMessages.ALGORITHM,
                "dk_s",
                List.of(new SealedEnvelope("dk_r", ENC, ciphertext))));
  }

  @Test
  void countsTheDecodedBytesOfEveryEnvelopeAgainstTheLimit() {
    List<SealedPush.Envelope> exactly =
        List.of(envelope("dk_1", b64(32)), envelope("dk_2", b64(32)));
    List<SealedPush.Envelope> over = List.of(envelope("dk_1", b64(32)), envelope("dk_2", b64(33)));

    assertThat(reader.read("wamid.1", push(exactly)).envelopes()).hasSize(2);
    assertThatThrownBy(() -> reader.read("wamid.1", push(over)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.error()).isEqualTo(SealedPushReader.TOO_LARGE);
            });
  }

  @Test
  void refusesAPushNamingAKeyThatIsNotCurrentWithTheKeyIdButNoCiphertext() {
    SealedPushReader checked = new SealedPushReader(1024, keys(true, "dk_s", "dk_r"));
    String ciphertext = b64(20);
    SealedPush known = push(List.of(envelope("dk_r", ciphertext)));
    SealedPush unknownRecipient =
        push(List.of(envelope("dk_r", ciphertext), envelope("dk_gone", ciphertext)));
    SealedPush unknownSender =
        new SealedPush(SealedMessages.ALGORITHM, "dk_x", List.of(envelope("dk_r", ciphertext)));

    assertThat(checked.read("wamid.1", known).envelopes()).hasSize(1);
    assertThatThrownBy(() -> checked.read("wamid.2", unknownRecipient))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.error()).isEqualTo(SealedPushReader.UNKNOWN_KEY);
              assertThat(e.getMessage())
                  .contains("sealed.envelopes[1].recipient_device_key_id")
                  .doesNotContain(ciphertext);
              assertThat(e.details()).isEqualTo(Map.of("messageId", "wamid.2", "keyId", "dk_gone"));
            });
    assertThatThrownBy(() -> checked.read("wamid.3", unknownSender))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.error()).isEqualTo(SealedPushReader.UNKNOWN_KEY);
              assertThat(e.details()).isEqualTo(Map.of("messageId", "wamid.3", "keyId", "dk_x"));
            });
  }

  @Test
  void answersUnavailableWhileTheKeysAreLoadingButRefusesAMalformedPushAtOnce() {
    SealedPushReader loading = new SealedPushReader(1024, keys(false, "dk_s", "dk_r"));

    assertThatThrownBy(() -> loading.read("wamid.1", push(List.of(envelope("dk_r", b64(20))))))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.error()).isEqualTo(SealedPushReader.UNAVAILABLE);
            });
    assertThatThrownBy(() -> loading.read("wamid.1", push(List.of(envelope("dk_r", b64(2))))))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.error()).isEqualTo(SealedPushReader.INVALID));
  }

  private static DeviceKeyCheck keys(boolean ready, String... current) {
    Set<String> keyIds = Set.of(current);
    return new DeviceKeyCheck() {
      @Override
      public boolean ready() {
        return ready;
      }

      @Override
      public boolean isCurrent(String keyId) {
        return keyIds.contains(keyId);
      }
    };
  }

  @Test
  void acceptsOnlyPaddedStandardBase64() {
    assertThat(SealedPushReader.decodedLength("AAAA")).isEqualTo(3);
    assertThat(SealedPushReader.decodedLength("AA==")).isEqualTo(1);
    assertThat(SealedPushReader.decodedLength("AA")).isEqualTo(-1);
    assertThat(SealedPushReader.decodedLength("AA==AAAA")).isEqualTo(-1);
    assertThat(SealedPushReader.decodedLength("-_-_")).isEqualTo(-1);
    assertThat(SealedPushReader.decodedLength("AA\nA")).isEqualTo(-1);
    assertThat(SealedPushReader.decodedLength("")).isEqualTo(-1);
  }

  @Test
  void refusalsNameTheProblemAndTheMessageButNoCiphertext() {
    String secret = b64(20).replace('A', 'B');
    SealedPush push =
        new SealedPush(
            SealedMessages.ALGORITHM,
            "dk_s",
            List.of(new SealedPush.Envelope("dk_r", secret, secret)));

    assertThatThrownBy(() -> reader.read("wamid.9", push))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.error()).isEqualTo(SealedPushReader.INVALID);
              assertThat(e.getMessage()).contains("sealed.envelopes[0].enc").doesNotContain(secret);
              assertThat(String.valueOf(e.details())).contains("wamid.9").doesNotContain(secret);
            });
  }

  private static SealedPush push(List<SealedPush.Envelope> envelopes) {
    return new SealedPush(SealedMessages.ALGORITHM, "dk_s", envelopes);
  }

  private static SealedPush.Envelope envelope(String keyId, String ciphertext) {
    return new SealedPush.Envelope(keyId, ENC, ciphertext);
  }

  private static String b64(int bytes) {
    byte[] data = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return Base64.getEncoder().encodeToString(data);
  }
}
