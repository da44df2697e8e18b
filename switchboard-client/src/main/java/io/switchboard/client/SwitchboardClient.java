package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.DevicePublicKey;
import io.switchboard.events.sealed.SealedMessageException;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.events.sealed.X25519KeyPair;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * What a Switchboard device needs from the mesh to send and read end-to-end sealed messages: it
 * registers the device's public key with identity-service, fetches the device keys of the people it
 * writes to, and seals and opens content with {@link SealedMessages} (HPKE, see {@code
 * docs/sealed-messages.md}).
 *
 * <p>Private keys are made on the device ({@link #registerDevice}) and never leave it: only the
 * public half is sent. Every request carries {@code Authorization: Bearer} with a token from the
 * supplier, asked anew for each request so that it may refresh expiring tokens. Calls that fail
 * throw {@link SwitchboardClientException} with the HTTP status and the mesh's error code; neither
 * it nor anything else here puts keys, tokens or plaintext in a message.
 *
 * <p>Thread-safe: one client may serve all of a device's threads.
 */
public final class SwitchboardClient {
  /** The only key algorithm sealed content can be addressed to; {@code Ed25519} keys sign. */
  public static final String SEALING_ALGORITHM = "X25519";

  /** How long one request may take, unless another timeout is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** How many people's keys {@link #sealForPeople} fetches at once. */
  static final int CONCURRENT_FETCHES = 8;

  /** How long {@link #openFrom} uses a sending person's keys again before fetching them anew. */
  public static final Duration SENDER_KEYS_TTL = Duration.ofMinutes(1);

  /** People whose keys {@link #openFrom} keeps at most; more, and the oldest are forgotten. */
  static final int MAX_SENDERS_KEPT = 10_000;

  private static final int MAX_SERVER_MESSAGE = 300;

  private final URI baseUrl;
  private final Supplier<String> bearerToken;
  private final HttpClient http;
  private final Duration timeout;
  private final SecureRandom random;
  private final SealedMessages sealer;
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final Map<String, SenderKeys> senderKeys = new ConcurrentHashMap<>();

  /** A person's keys as fetched at {@code fetchedAt}. */
  private record SenderKeys(Instant fetchedAt, List<DevicePublicKey> keys) {}

  /**
   * A client of the identity-service at {@code identityBaseUrl} (e.g. {@code
   * https://identity.example.net}), with the JDK's HTTP client and a new {@link SecureRandom}.
   *
   * @param bearerToken gives the caller's JWT for each request (for a person: group {@code person},
   *     subject = their person id)
   */
  public SwitchboardClient(URI identityBaseUrl, Supplier<String> bearerToken) {
    this(
        identityBaseUrl,
        bearerToken,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
        DEFAULT_TIMEOUT,
        new SecureRandom());
  }

  /**
   * A client with its own HTTP client (proxy, TLS, executor), request timeout and source of
   * randomness for device keys and the ephemeral keys of sealing.
   */
  public SwitchboardClient(
      URI identityBaseUrl,
      Supplier<String> bearerToken,
      HttpClient http,
      Duration timeout,
      SecureRandom random) {
    this(identityBaseUrl, bearerToken, http, timeout, random, Clock.systemUTC());
  }

  /** With the clock that {@link #SENDER_KEYS_TTL} is measured on (tests). */
  SwitchboardClient(
      URI identityBaseUrl,
      Supplier<String> bearerToken,
      HttpClient http,
      Duration timeout,
      SecureRandom random,
      Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.baseUrl = baseUrl(identityBaseUrl);
    this.bearerToken = Objects.requireNonNull(bearerToken, "bearerToken");
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.random = Objects.requireNonNull(random, "random");
    this.sealer = new SealedMessages(random);
  }

  /**
   * Registers this device for a person: makes a new X25519 key pair here, sends only its public
   * half ({@code POST /api/v1/people/{personId}/devices}) and returns the device with the key id
   * the identity service gave the key. The caller keeps the returned device, private key included,
   * on the device; it is the only copy.
   *
   * <p>Not retried: if the answer is lost after the service registered the device, the key pair is
   * gone with it, and the person removes that device from their list.
   *
   * @param personId the person, who must be the caller ({@code 403 forbidden} otherwise)
   * @param name what the person calls the device, e.g. "Ada's phone" (at most 64 characters)
   * @throws SwitchboardClientException when the service refuses ({@code 400 invalid_request},
   *     {@code 422 too_many_devices}, ...) or does not answer with a device holding the key
   */
  public Device registerDevice(String personId, String name) throws SwitchboardClientException {
    Objects.requireNonNull(name, "name");
    String what = "registering a device for person " + personId;
    X25519KeyPair keyPair = X25519KeyPair.generate(random);
    ObjectNode body = json.createObjectNode();
    body.put("name", name);
    body.putArray("keys")
        .addObject()
        .put("algorithm", SEALING_ALGORITHM)
        .put("publicKey", Base64.getEncoder().encodeToString(keyPair.publicKey()));
    HttpRequest request =
        request(peoplePath(personId, "devices"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<byte[]> response = await(send(request), what);
    int status = response.statusCode();
    JsonNode device = answer(response, what);
    String deviceId = text(device, "deviceId", what, status);
    List<String> keyIds = new ArrayList<>();
    for (JsonNode key : device.path("keys")) {
      if (SEALING_ALGORITHM.equals(key.path("algorithm").asText())) {
        keyIds.add(text(key, "keyId", what, status));
      }
    }
    if (keyIds.size() != 1) {
      throw unexpected(
          what,
          status,
          "the answer lists " + keyIds.size() + " X25519 keys instead of the one sent");
    }
    try {
      return new Device(deviceId, keyIds.get(0), keyPair);
    } catch (IllegalArgumentException e) {
      throw unexpected(what, status, "the answer has an unusable key id: " + e.getMessage());
    }
  }

  /**
   * The current X25519 device keys of a person ({@code GET /api/v1/people/{personId}/device-keys}),
   * one per device key, to seal messages to them; keys of other algorithms (Ed25519, for signing)
   * are left out. Empty when the person has no Switchboard device.
   *
   * @throws SwitchboardClientException when the service refuses ({@code 404 not_found} for an
   *     unknown person) or lists a key that is not a raw 32-byte X25519 key
   */
  public List<DevicePublicKey> deviceKeys(String personId) throws SwitchboardClientException {
    return deviceKeys(personId, await(send(deviceKeysRequest(personId)), keysWhat(personId)));
  }

  /**
   * Seals a plaintext from this device to the given recipient devices, one envelope each; see
   * {@link SealedMessages#seal}.
   *
   * @param messageId the id the message event will carry; the envelopes open only under it
   * @throws IllegalArgumentException when there are no or more than {@value
   *     SealedMessages#MAX_RECIPIENTS} recipients, a key id repeats, or an id is empty
   */
  public SealedContent seal(
      String messageId, Device sender, List<DevicePublicKey> recipients, byte[] plaintext) {
    Objects.requireNonNull(sender, "sender");
    return sealer.seal(messageId, sender.privateKey(), recipients, plaintext);
  }

  /**
   * Seals a message for every current device of the given people: a one-to-one or group message,
   * sealed by the sender per member device (client-side fan-out; there is no group key). Each
   * person's keys are fetched from the identity service. The sending device itself gets no
   * envelope; to reach the sender's other devices, list the sender's own person id too.
   *
   * @param personIds the members, each once (repeats are ignored)
   * @throws SwitchboardClientException when a person's keys cannot be fetched (nothing is sealed)
   * @throws IllegalArgumentException when the people have no device to seal to, or more than
   *     {@value SealedMessages#MAX_RECIPIENTS} devices
   */
  public SealedContent sealForPeople(
      String messageId, Device sender, List<String> personIds, byte[] plaintext)
      throws SwitchboardClientException {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(plaintext, "plaintext");
    List<String> people = new ArrayList<>(new LinkedHashSet<>(personIds));
    Map<String, DevicePublicKey> devices = new LinkedHashMap<>();
    for (int start = 0; start < people.size(); start += CONCURRENT_FETCHES) {
      List<String> batch =
          people.subList(start, Math.min(people.size(), start + CONCURRENT_FETCHES));
      List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
      try {
        for (String personId : batch) {
          answers.add(send(deviceKeysRequest(personId)));
        }
        for (int i = 0; i < batch.size(); i++) {
          String personId = batch.get(i);
          for (DevicePublicKey key :
              deviceKeys(personId, await(answers.get(i), keysWhat(personId)))) {
            if (!key.keyId().equals(sender.keyId())) {
              devices.putIfAbsent(key.keyId(), key);
            }
          }
        }
      } finally {
        answers.forEach(answer -> answer.cancel(true));
      }
    }
    if (devices.isEmpty()) {
      throw new IllegalArgumentException(
          "none of the " + people.size() + " people has a device to seal to");
    }
    return seal(messageId, sender, List.copyOf(devices.values()), plaintext);
  }

  /**
   * Opens the envelope for this device and checks that the sender's device sealed it for this
   * message; see {@link SealedMessages#open}.
   *
   * @param sender the public key published under the content's {@code senderDeviceKeyId}
   * @throws SealedMessageException when it does not open: tampered, not for this device or message,
   *     or sealed by another key
   */
  public byte[] open(
      String messageId, SealedContent content, Device recipient, DevicePublicKey sender)
      throws SealedMessageException {
    Objects.requireNonNull(recipient, "recipient");
    DevicePrivateKey key = recipient.privateKey();
    return SealedMessages.open(messageId, content, key, sender);
  }

  /**
   * Opens the envelope for this device, taking the sender's key among {@code senderKeys} by the
   * content's {@code senderDeviceKeyId}: typically {@link #deviceKeys} of the sending person.
   *
   * @throws SealedMessageException when none of the keys has that id (revoked, or not the sender's
   *     key), or the envelope does not open
   */
  public byte[] open(
      String messageId,
      SealedContent content,
      Device recipient,
      Collection<DevicePublicKey> senderKeys)
      throws SealedMessageException {
    Objects.requireNonNull(content, "content");
    for (DevicePublicKey key : senderKeys) {
      if (key.keyId().equals(content.senderDeviceKeyId())) {
        return open(messageId, content, recipient, key);
      }
    }
    throw new SealedMessageException(
        "no current key of the sender has the id '"
            + content.senderDeviceKeyId()
            + "' named by message '"
            + messageId
            + "'");
  }

  /**
   * Opens the envelope for this device with the keys of the person who sent it, fetched as {@link
   * #deviceKeys} and used again for {@link #SENDER_KEYS_TTL}: opening a conversation's history
   * costs one request per sender, not one per message. When the content names a key the kept ones
   * do not have (a device the sender added since), they are fetched anew once.
   *
   * <p>A key the sender revoked may still open messages for up to {@link #SENDER_KEYS_TTL} after it
   * was revoked; {@link #open(String, SealedContent, Device, Collection)} with freshly fetched keys
   * does not have that delay.
   *
   * @throws SwitchboardClientException when the sender's keys cannot be fetched
   * @throws SealedMessageException when no current key of the sender has the content's {@code
   *     senderDeviceKeyId}, or the envelope does not open
   */
  public byte[] openFrom(
      String messageId, SealedContent content, Device recipient, String senderPersonId)
      throws SwitchboardClientException, SealedMessageException {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(senderPersonId, "senderPersonId");
    Instant now = clock.instant();
    SenderKeys kept = senderKeys.get(senderPersonId);
    if (kept == null
        || !now.isBefore(kept.fetchedAt().plus(SENDER_KEYS_TTL))
        || kept.keys().stream().noneMatch(k -> k.keyId().equals(content.senderDeviceKeyId()))) {
      kept = new SenderKeys(now, deviceKeys(senderPersonId));
      keep(senderPersonId, kept, now);
    }
    return open(messageId, content, recipient, kept.keys());
  }

  private void keep(String personId, SenderKeys keys, Instant now) {
    if (senderKeys.size() >= MAX_SENDERS_KEPT) {
      senderKeys.values().removeIf(k -> !now.isBefore(k.fetchedAt().plus(SENDER_KEYS_TTL)));
      if (senderKeys.size() >= MAX_SENDERS_KEPT) {
        senderKeys.clear();
      }
    }
    senderKeys.put(personId, keys);
  }

  private HttpRequest deviceKeysRequest(String personId) {
    return request(peoplePath(personId, "device-keys")).GET().build();
  }

  private static String keysWhat(String personId) {
    return "fetching the device keys of person " + personId;
  }

  private List<DevicePublicKey> deviceKeys(String personId, HttpResponse<byte[]> response)
      throws SwitchboardClientException {
    String what = keysWhat(personId);
    JsonNode keys = answer(response, what);
    if (!keys.isArray()) {
      throw unexpected(what, response.statusCode(), "the answer is not a list of keys");
    }
    List<DevicePublicKey> sealable = new ArrayList<>();
    for (JsonNode key : keys) {
      if (!SEALING_ALGORITHM.equals(key.path("algorithm").asText())) {
        continue;
      }
      String keyId = text(key, "keyId", what, response.statusCode());
      String publicKey = text(key, "publicKey", what, response.statusCode());
      try {
        sealable.add(DevicePublicKey.fromBase64(keyId, publicKey));
      } catch (IllegalArgumentException e) {
        throw unexpected(what, response.statusCode(), e.getMessage());
      }
    }
    return List.copyOf(sealable);
  }

  private HttpRequest.Builder request(String path) {
    String token = bearerToken.get();
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("the bearer token supplier gave no token");
    }
    return HttpRequest.newBuilder(baseUrl.resolve(path))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> answer, String what)
      throws SwitchboardClientException {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new SwitchboardClientException(what + " was interrupted", e);
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      String reason =
          cause.getMessage() == null
              ? cause.getClass().getSimpleName()
              : cause.getClass().getSimpleName() + ": " + cause.getMessage();
      throw new SwitchboardClientException(
          what + " failed: no answer from " + baseUrl + " (" + reason + ")", cause);
    }
  }

  /** The JSON of a successful answer; the mesh's error body as an exception otherwise. */
  private JsonNode answer(HttpResponse<byte[]> response, String what)
      throws SwitchboardClientException {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw refused(what, status, response.body());
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw unexpected(what, status, "the answer is not JSON");
    }
  }

  private SwitchboardClientException refused(String what, int status, byte[] body) {
    JsonNode error = null;
    try {
      error = json.readTree(body);
    } catch (IOException e) {
      // Not the mesh's error body: a proxy's page, say. Only the status is known.
    }
    String code = null;
    String message = null;
    JsonNode details = null;
    if (error != null && error.isObject()) {
      code = error.path("error").isTextual() ? error.path("error").asText() : null;
      message = error.path("message").isTextual() ? shorten(error.path("message").asText()) : null;
      details = error.hasNonNull("details") ? error.get("details") : null;
    }
    StringBuilder text = new StringBuilder(what).append(" failed: HTTP ").append(status);
    if (code != null) {
      text.append(' ').append(code);
    }
    if (message != null) {
      text.append(": ").append(message);
    }
    return new SwitchboardClientException(text.toString(), status, code, message, details);
  }

  private static SwitchboardClientException unexpected(String what, int status, String problem) {
    return new SwitchboardClientException(
        what + " failed: unexpected answer (HTTP " + status + "): " + problem,
        status,
        null,
        null,
        null);
  }

  private static String text(JsonNode node, String field, String what, int status)
      throws SwitchboardClientException {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw unexpected(what, status, "the answer has no '" + field + "'");
    }
    return value.asText();
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** {@code api/v1/people/{personId}/{rest}}, relative to the base URL, the id percent-encoded. */
  private static String peoplePath(String personId, String rest) {
    Objects.requireNonNull(personId, "personId");
    if (personId.isEmpty()) {
      throw new IllegalArgumentException("a person id must not be empty");
    }
    String segment = URLEncoder.encode(personId, StandardCharsets.UTF_8).replace("+", "%20");
    return "api/v1/people/" + segment + "/" + rest;
  }

  private static URI baseUrl(URI url) {
    Objects.requireNonNull(url, "identityBaseUrl");
    String scheme = url.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("the identity-service URL must be http or https");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("the identity-service URL must name a host");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "the identity-service URL must hold no credentials: the caller is known by its token");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("the identity-service URL must have no query or fragment");
    }
    String text = url.toString();
    return URI.create(text.endsWith("/") ? text : text + "/");
  }

  private static String shorten(String message) {
    return message.length() <= MAX_SERVER_MESSAGE
        ? message
        : message.substring(0, MAX_SERVER_MESSAGE) + "…";
  }
}
