package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.sealed.DevicePublicKey;
import io.switchboard.events.sealed.SealedMessageException;
import io.switchboard.events.sealed.X25519KeyPair;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchboardClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ADA = "6f1c2a44-6d0b-4c2e-9a57-3f1d2b7e8c10";
  private static final String BO = "0b8e4f6a-2c1d-4e3f-8a9b-7c6d5e4f3a21";
  private static final byte[] TEXT = "see you at 8".getBytes(StandardCharsets.UTF_8);

  private final StandInIdentity identity = StandInIdentity.start();
  private final SwitchboardClient client = new SwitchboardClient(identity.baseUrl(), () -> "tok");

  @AfterEach
  void stop() {
    identity.close();
  }

  @Test
  void registeringSendsOnlyThePublicKeyAndKeepsThePrivateKey() throws Exception {
    identity.answer(
        "POST",
        "/api/v1/people/" + ADA + "/devices",
        201,
        deviceAnswer("d-1", "[{\"keyId\":\"dk_1\",\"algorithm\":\"X25519\"}]"));

    Device device = client.registerDevice(ADA, "Ada's phone");

    assertThat(device.deviceId()).isEqualTo("d-1");
    assertThat(device.keyId()).isEqualTo("dk_1");
    StandInIdentity.Request request = identity.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("authorization")).isEqualTo("Bearer tok");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("name").asText()).isEqualTo("Ada's phone");
    assertThat(body.path("keys")).hasSize(1);
    assertThat(body.path("keys").get(0).path("algorithm").asText()).isEqualTo("X25519");
    assertThat(Base64.getDecoder().decode(body.path("keys").get(0).path("publicKey").asText()))
        .isEqualTo(device.keyPair().publicKey());
    assertThat(fieldNames(body)).containsExactly("name", "keys");
    assertThat(fieldNames(body.path("keys").get(0))).containsExactly("algorithm", "publicKey");
    assertThat(request.body())
        .doesNotContain(Base64.getEncoder().encodeToString(device.keyPair().privateKey()));
    assertThat(device.toString()).isEqualTo("Device[deviceId=d-1, keyId=dk_1]");
  }

  @Test
  void everyDeviceGetsItsOwnKeyPair() throws Exception {
    identity.answer(
        "POST",
        "/api/v1/people/" + ADA + "/devices",
        201,
        deviceAnswer("d-1", "[{\"keyId\":\"dk_1\",\"algorithm\":\"X25519\"}]"));

    Device first = client.registerDevice(ADA, "phone");
    Device second = client.registerDevice(ADA, "laptop");

    assertThat(first.keyPair().publicKey()).isNotEqualTo(second.keyPair().publicKey());
  }

  @Test
  void aRefusalCarriesTheStatusAndTheMeshErrorCode() {
    identity.answer(
        "POST",
        "/api/v1/people/" + ADA + "/devices",
        422,
        "{\"error\":\"too_many_devices\",\"message\":\"a person has at most 16 devices\"}");

    SwitchboardClientException e =
        catchThrowableOfType(
            SwitchboardClientException.class, () -> client.registerDevice(ADA, "phone"));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.error()).isEqualTo("too_many_devices");
    assertThat(e.serverMessage()).isEqualTo("a person has at most 16 devices");
    assertThat(e.details()).isNull();
    assertThat(e.getMessage())
        .isEqualTo(
            "registering a device for person "
                + ADA
                + " failed: HTTP 422 too_many_devices: a person has at most 16 devices");
    String sentKey =
        readTree(identity.onlyRequest().body()).path("keys").get(0).path("publicKey").asText();
    assertThat(e.getMessage()).doesNotContain(sentKey);
  }

  @Test
  void aRefusedRequestCarriesTheDetails() {
    identity.answer(
        "POST",
        "/api/v1/people/" + ADA + "/devices",
        400,
        "{\"error\":\"invalid_request\",\"message\":\"the request breaks one or more constraints\","
            + "\"details\":[{\"field\":\"name\",\"message\":\"must be at most 64 characters\"}]}");

    SwitchboardClientException e =
        catchThrowableOfType(
            SwitchboardClientException.class, () -> client.registerDevice(ADA, "x".repeat(65)));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.error()).isEqualTo("invalid_request");
    assertThat(e.details().get(0).path("field").asText()).isEqualTo("name");
  }

  @Test
  void anAnswerThatIsNotTheMeshErrorBodyCarriesOnlyTheStatus() {
    identity.answer(
        "GET",
        "/api/v1/people/" + ADA + "/device-keys",
        502,
        "text/html",
        "<html><body>Bad Gateway</body></html>");

    SwitchboardClientException e =
        catchThrowableOfType(SwitchboardClientException.class, () -> client.deviceKeys(ADA));

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.error()).isNull();
    assertThat(e.serverMessage()).isNull();
    assertThat(e.getMessage())
        .isEqualTo("fetching the device keys of person " + ADA + " failed: HTTP 502");
  }

  @Test
  void aRegistrationAnswerWithoutTheSentKeyIsUnexpected() {
    identity.answer(
        "POST",
        "/api/v1/people/" + ADA + "/devices",
        201,
        deviceAnswer("d-1", "[{\"keyId\":\"dk_e\",\"algorithm\":\"Ed25519\"}]"));

    SwitchboardClientException e =
        catchThrowableOfType(
            SwitchboardClientException.class, () -> client.registerDevice(ADA, "phone"));

    assertThat(e.status()).isEqualTo(201);
    assertThat(e.error()).isNull();
    assertThat(e.getMessage()).contains("lists 0 X25519 keys");
  }

  @Test
  void deviceKeysAreTheX25519KeysOnly() throws Exception {
    DevicePublicKey phone = newDevice("dk_phone").publicKey();
    DevicePublicKey laptop = newDevice("dk_laptop").publicKey();
    String ed25519 =
        "{\"keyId\":\"dk_sign\",\"deviceId\":\"d-2\",\"algorithm\":\"Ed25519\",\"publicKey\":\""
            + Base64.getEncoder().encodeToString(new byte[32])
            + "\"}";
    identity.answer(
        "GET",
        "/api/v1/people/" + BO + "/device-keys",
        200,
        "[" + keyJson(phone, "d-1") + "," + ed25519 + "," + keyJson(laptop, "d-2") + "]");

    List<DevicePublicKey> keys = client.deviceKeys(BO);

    assertThat(keys).containsExactly(phone, laptop);
    StandInIdentity.Request request = identity.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.header("authorization")).isEqualTo("Bearer tok");
    assertThat(request.header("accept")).isEqualTo("application/json");
  }

  @Test
  void aPersonWithoutDevicesHasNoKeys() throws Exception {
    identity.answer("GET", "/api/v1/people/" + BO + "/device-keys", 200, "[]");

    assertThat(client.deviceKeys(BO)).isEmpty();
  }

  @Test
  void aListedKeyThatIsNotA32ByteX25519KeyIsRefused() {
    identity.answer(
        "GET",
        "/api/v1/people/" + BO + "/device-keys",
        200,
        "[{\"keyId\":\"dk_short\",\"deviceId\":\"d-1\",\"algorithm\":\"X25519\",\"publicKey\":\""
            + Base64.getEncoder().encodeToString(new byte[31])
            + "\"}]");

    SwitchboardClientException e =
        catchThrowableOfType(SwitchboardClientException.class, () -> client.deviceKeys(BO));

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage()).contains("dk_short").contains("31 bytes");
  }

  @Test
  void anUnknownPersonIsNotFound() {
    SwitchboardClientException e =
        catchThrowableOfType(SwitchboardClientException.class, () -> client.deviceKeys(BO));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.error()).isEqualTo("not_found");
  }

  @Test
  void theTokenIsAskedForEveryRequest() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SwitchboardClient refreshing =
        new SwitchboardClient(identity.baseUrl(), () -> "tok-" + calls.incrementAndGet());
    identity.answer("GET", "/api/v1/people/" + BO + "/device-keys", 200, "[]");

    refreshing.deviceKeys(BO);
    refreshing.deviceKeys(BO);

    assertThat(identity.requests())
        .extracting(r -> r.header("authorization"))
        .containsExactly("Bearer tok-1", "Bearer tok-2");
  }

  @Test
  void theBaseUrlMayHaveAPathAndThePersonIdIsOneSegment() throws Exception {
    try (StandInIdentity proxied = StandInIdentity.startUnder("/identity")) {
      proxied.answer("GET", "/api/v1/people/a%2Fb%20c/device-keys", 200, "[]");
      SwitchboardClient behindProxy = new SwitchboardClient(proxied.baseUrl(), () -> "tok");

      assertThat(behindProxy.deviceKeys("a/b c")).isEmpty();
      assertThat(proxied.onlyRequest().rawPath())
          .isEqualTo("/identity/api/v1/people/a%2Fb%20c/device-keys");
    }
  }

  @Test
  void noAnswerIsStatusZero() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SwitchboardClient nobody =
        new SwitchboardClient(URI.create("http://127.0.0.1:" + closedPort), () -> "tok");

    SwitchboardClientException e =
        catchThrowableOfType(SwitchboardClientException.class, () -> nobody.deviceKeys(BO));

    assertThat(e.status()).isEqualTo(SwitchboardClientException.NO_RESPONSE);
    assertThat(e.error()).isNull();
    assertThat(e.getMessage()).startsWith("fetching the device keys of person " + BO + " failed");
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void aMissingTokenIsTheCallersBug() {
    SwitchboardClient noToken = new SwitchboardClient(identity.baseUrl(), () -> null);

    assertThatThrownBy(() -> noToken.deviceKeys(BO)).isInstanceOf(IllegalStateException.class);
    assertThat(identity.requests()).isEmpty();
  }

  @Test
  void aBaseUrlWithCredentialsOrAnotherSchemeIsRefused() {
    assertThatThrownBy(
            () -> new SwitchboardClient(URI.create("http://user:pw@127.0.0.1:1"), () -> "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> new SwitchboardClient(URI.create("ftp://127.0.0.1"), () -> "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sealedForAPersonTheirDeviceOpensIt() throws Exception {
    Device ada = newDevice("dk_ada");
    Device bo = newDevice("dk_bo");
    identity.answer(
        "GET", "/api/v1/people/" + BO + "/device-keys", 200, keysJson(List.of(bo.publicKey())));

    SealedContent content = client.seal("m-1", ada, client.deviceKeys(BO), TEXT);

    assertThat(content.algorithm()).isEqualTo("HPKE-X25519-HKDF-SHA256-AES-128-GCM");
    assertThat(content.senderDeviceKeyId()).isEqualTo("dk_ada");
    assertThat(content.envelopes())
        .extracting(SealedEnvelope::recipientDeviceKeyId)
        .containsExactly("dk_bo");
    assertThat(client.open("m-1", content, bo, ada.publicKey())).isEqualTo(TEXT);
  }

  @Test
  void aTamperedEnvelopeDoesNotOpen() {
    Device ada = newDevice("dk_ada");
    Device bo = newDevice("dk_bo");
    SealedContent content = client.seal("m-1", ada, List.of(bo.publicKey()), TEXT);
    SealedEnvelope envelope = content.envelopes().get(0);
    byte[] ciphertext = Base64.getDecoder().decode(envelope.ciphertext());
    ciphertext[0] ^= 1;
    SealedContent tampered =
        new SealedContent(
            content.algorithm(),
            content.senderDeviceKeyId(),
            List.of(
                new SealedEnvelope(
                    envelope.recipientDeviceKeyId(),
                    envelope.encapsulatedKey(),
                    Base64.getEncoder().encodeToString(ciphertext))));

    assertThatThrownBy(() -> client.open("m-1", tampered, bo, ada.publicKey()))
        .isInstanceOf(SealedMessageException.class)
        .hasMessageNotContaining("see you");
    assertThatThrownBy(() -> client.open("m-2", content, bo, ada.publicKey()))
        .as("another message id")
        .isInstanceOf(SealedMessageException.class);
  }

  @Test
  void openingTakesTheSenderKeyByTheIdTheContentNames() throws Exception {
    Device adaPhone = newDevice("dk_ada_phone");
    Device adaLaptop = newDevice("dk_ada_laptop");
    Device bo = newDevice("dk_bo");
    SealedContent content = client.seal("m-1", adaLaptop, List.of(bo.publicKey()), TEXT);

    assertThat(
            client.open("m-1", content, bo, List.of(adaPhone.publicKey(), adaLaptop.publicKey())))
        .isEqualTo(TEXT);
    assertThatThrownBy(() -> client.open("m-1", content, bo, List.of(adaPhone.publicKey())))
        .isInstanceOf(SealedMessageException.class)
        .hasMessageContaining("dk_ada_laptop");
  }

  @Test
  void openingFromAPersonFetchesTheirKeysOncePerMinuteAndAgainForAKeyItHasNotSeen()
      throws Exception {
    MutableClock clock = new MutableClock();
    SwitchboardClient client =
        new SwitchboardClient(
            identity.baseUrl(),
            () -> "tok",
            HttpClient.newHttpClient(),
            SwitchboardClient.DEFAULT_TIMEOUT,
            RANDOM,
            clock);
    Device adaPhone = newDevice("dk_ada_phone");
    Device adaLaptop = newDevice("dk_ada_laptop");
    Device bo = newDevice("dk_bo");
    String keysPath = "/api/v1/people/" + ADA + "/device-keys";
    identity.answer("GET", keysPath, 200, keysJson(List.of(adaPhone.publicKey())));

    for (int i = 0; i < 5; i++) {
      SealedContent content = client.seal("m-" + i, adaPhone, List.of(bo.publicKey()), TEXT);
      assertThat(client.openFrom("m-" + i, content, bo, ADA)).isEqualTo(TEXT);
    }
    assertThat(identity.requests()).as("five messages, one fetch").hasSize(1);

    // Ada adds her laptop: its first message names a key not kept, so the keys are fetched anew.
    identity.answer(
        "GET", keysPath, 200, keysJson(List.of(adaPhone.publicKey(), adaLaptop.publicKey())));
    SealedContent fromLaptop = client.seal("m-5", adaLaptop, List.of(bo.publicKey()), TEXT);
    assertThat(client.openFrom("m-5", fromLaptop, bo, ADA)).isEqualTo(TEXT);
    assertThat(identity.requests()).hasSize(2);

    // A minute later the phone's key was revoked: the keys are fetched anew and no longer open.
    identity.answer("GET", keysPath, 200, keysJson(List.of(adaLaptop.publicKey())));
    SealedContent fromPhone = client.seal("m-6", adaPhone, List.of(bo.publicKey()), TEXT);
    clock.advance(SwitchboardClient.SENDER_KEYS_TTL.minusSeconds(1));
    assertThat(client.openFrom("m-6", fromPhone, bo, ADA)).isEqualTo(TEXT);
    assertThat(identity.requests()).hasSize(2);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> client.openFrom("m-6", fromPhone, bo, ADA))
        .isInstanceOf(SealedMessageException.class)
        .hasMessageContaining("dk_ada_phone");
    assertThat(identity.requests()).hasSize(3);
  }

  @Test
  void sealedForPeopleEveryDeviceButTheSendingOneOpensIt() throws Exception {
    String ada = UUID.randomUUID().toString();
    Device adaPhone = newDevice("dk_ada_phone");
    Device adaLaptop = newDevice("dk_ada_laptop");
    List<Device> others = new ArrayList<>();
    List<String> people = new ArrayList<>();
    people.add(ada);
    identity.answer(
        "GET",
        "/api/v1/people/" + ada + "/device-keys",
        200,
        keysJson(List.of(adaPhone.publicKey(), adaLaptop.publicKey())));
    // More people than are fetched at once, one or two devices each.
    for (int i = 0; i < SwitchboardClient.CONCURRENT_FETCHES + 3; i++) {
      String person = UUID.randomUUID().toString();
      people.add(person);
      List<DevicePublicKey> keys = new ArrayList<>();
      for (int d = 0; d <= i % 2; d++) {
        Device device = newDevice("dk_" + i + "_" + d);
        others.add(device);
        keys.add(device.publicKey());
      }
      identity.answer("GET", "/api/v1/people/" + person + "/device-keys", 200, keysJson(keys));
    }
    people.add(people.get(1)); // listed twice, fetched and sealed to once

    SealedContent content = client.sealForPeople("m-group", adaPhone, people, TEXT);

    List<String> expected = new ArrayList<>(List.of("dk_ada_laptop"));
    others.forEach(device -> expected.add(device.keyId()));
    assertThat(content.envelopes())
        .extracting(SealedEnvelope::recipientDeviceKeyId)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(identity.requests()).hasSize(people.size() - 1);
    for (Device device : others) {
      assertThat(client.open("m-group", content, device, adaPhone.publicKey())).isEqualTo(TEXT);
    }
    assertThat(client.open("m-group", content, adaLaptop, adaPhone.publicKey())).isEqualTo(TEXT);
    assertThatThrownBy(() -> client.open("m-group", content, adaPhone, adaPhone.publicKey()))
        .as("the sending device has the plaintext already")
        .isInstanceOf(SealedMessageException.class);
  }

  @Test
  void sealingForPeopleFailsWhenOnePersonsKeysCannotBeFetched() {
    Device ada = newDevice("dk_ada");
    identity.answer(
        "GET",
        "/api/v1/people/" + BO + "/device-keys",
        200,
        keysJson(List.of(newDevice("dk_bo").publicKey())));

    SwitchboardClientException e =
        catchThrowableOfType(
            SwitchboardClientException.class,
            () -> client.sealForPeople("m-1", ada, List.of(BO, ADA), TEXT));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.getMessage()).contains(ADA);
  }

  @Test
  void sealingForPeopleWithoutDevicesIsRefused() {
    Device ada = newDevice("dk_ada");
    identity.answer("GET", "/api/v1/people/" + BO + "/device-keys", 200, "[]");

    assertThatThrownBy(() -> client.sealForPeople("m-1", ada, List.of(BO), TEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("none of the 1 people has a device to seal to");
  }

  private static Device newDevice(String keyId) {
    return new Device("d-" + keyId, keyId, X25519KeyPair.generate(RANDOM));
  }

  private static String deviceAnswer(String deviceId, String keys) {
    return "{\"deviceId\":\""
        + deviceId
        + "\",\"account\":{\"platform\":\"switchboard\",\"accountId\":\""
        + deviceId
        + "\"},\"name\":\"phone\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"keys\":"
        + keys
        + "}";
  }

  private static String keyJson(DevicePublicKey key, String deviceId) {
    return "{\"keyId\":\""
        + key.keyId()
        + "\",\"deviceId\":\""
        + deviceId
        + "\",\"algorithm\":\"X25519\",\"publicKey\":\""
        + key.publicKeyBase64()
        + "\"}";
  }

  private static String keysJson(List<DevicePublicKey> keys) {
    List<String> entries = new ArrayList<>();
    for (DevicePublicKey key : keys) {
      entries.add(keyJson(key, "d-" + key.keyId()));
    }
    return "[" + String.join(",", entries) + "]";
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-26T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
