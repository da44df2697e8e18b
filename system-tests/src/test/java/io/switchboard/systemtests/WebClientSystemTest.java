package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.switchboard.cli.run.DemoPeople;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.events.EventCodec;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.DevicePublicKey;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.events.topics.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web client in a real browser (Debian's Chromium, headless) against the mesh, started here:
 * the platform simulator, the Instagram and Messenger edges, identity-service and the gateway that
 * serves the page. The demo people are seeded the way {@code ./switchboard up} seeds them.
 *
 * <p>With {@code -Dswitchboard.screenshots=<directory>} the inbox and a conversation are saved
 * there as PNG files (docs/web-client.md says how the ones in docs/ are made).
 */
@ExtendWith(DevstackExtension.class)
class WebClientSystemTest {
  private static final String PAGE = "100000000000001";
  private static final String INSTAGRAM_ACCOUNT = "17841400000000001";
  private static final String WHATSAPP_PHONE = "100000000000002";
  private static final Map<String, String> BUSINESS =
      Map.of("messenger", PAGE, "instagram", INSTAGRAM_ACCOUNT, "whatsapp", WHATSAPP_PHONE);
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Endpoints devstack;
  private static MeshTokens tokens;
  private static final Map<String, ServiceProcess> edges = new HashMap<>();
  private static final Map<String, String> appSecrets = new HashMap<>();
  private static final Map<String, String> accessTokens = new HashMap<>();
  private static ServiceProcess simulator;
  private static ServiceProcess identity;
  private static ServiceProcess gateway;
  private static int gatewayPort;
  private static Path peopleFile;
  private static Map<String, DemoPerson> people;

  /** A seeded demo person: their id and their one app account. */
  record DemoPerson(String personId, String name, String platform, String accountId) {}

  @BeforeAll
  static void startMesh(Endpoints endpoints) throws Exception {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    devstack = endpoints;
    Path build = Path.of(System.getProperty("switchboard.build.dir", "target"));
    tokens = MeshTokens.create(build);
    for (String platform : List.of("messenger", "instagram")) {
      appSecrets.put(platform, UUID.randomUUID().toString());
      accessTokens.put(platform, UUID.randomUUID().toString());
    }
    int simulatorPort = MeshServices.freePort();
    String simulatorUrl = "http://127.0.0.1:" + simulatorPort;
    for (String platform : List.of("messenger", "instagram")) {
      edges.put(
          platform,
          MeshServices.start(
              platform + "-adapter",
              endpoints,
              MeshServices.edge(
                  devstack,
                  platform,
                  simulatorUrl,
                  appSecrets.get(platform),
                  accessTokens.get(platform))));
    }
    Map<String, String> simulatorEnv = MeshServices.simulator(edges, appSecrets, accessTokens);
    simulator = MeshServices.start("platform-simulator", endpoints, simulatorEnv, simulatorPort);

    Map<String, String> identityEnv = new HashMap<>(MeshServices.database(devstack));
    identityEnv.put(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION", tokens.publicKeyFile().toAbsolutePath().toString());
    identityEnv.put("SWITCHBOARD_LINKING_CODE_PEPPER", UUID.randomUUID().toString());
    BUSINESS.forEach(
        (platform, id) ->
            identityEnv.put(
                "SWITCHBOARD_LINKING_BUSINESS_ACCOUNTS_" + platform.toUpperCase(Locale.ROOT), id));
    identity = MeshServices.start("identity-service", endpoints, identityEnv);

    // The demo people, as ./switchboard up seeds them, with accounts of their own in this run.
    peopleFile = Files.createTempFile(build, "demo-people-", ".json");
    List<DemoPeople.Person> seeded =
        List.of(
            new DemoPeople.Person("Ada", "instagram", numericId()),
            new DemoPeople.Person("Ben", "messenger", numericId()),
            new DemoPeople.Person("Cleo", "messenger", numericId()),
            new DemoPeople.Person("Dee", "messenger", numericId()));
    JsonNode list =
        new DemoPeople(
                URI.create(identity.baseUrl()),
                URI.create(simulator.baseUrl()),
                tokens.local(),
                BUSINESS)
            .seed(seeded, peopleFile);
    people = new HashMap<>();
    for (JsonNode person : list) {
      JsonNode account = person.path("accounts").get(0);
      people.put(
          person.path("name").asText(),
          new DemoPerson(
              person.path("personId").asText(),
              person.path("name").asText(),
              account.path("platform").asText(),
              account.path("accountId").asText()));
    }
    gatewayPort = MeshServices.freePort();
    gateway = startGateway();
  }

  private static ServiceProcess startGateway() {
    // Another test class's gateway may have left the fan-out group: MeshServices.gateway makes the
    // partitions move at once.
    Map<String, String> env = MeshServices.gateway(devstack, tokens.publicKeyFile(), BUSINESS);
    env.put("SWITCHBOARD_GATEWAY_CLIENT_API_IDENTITY_URL", identity.baseUrl());
    env.put("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_ENABLED", "true");
    env.put("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIGNING_KEY", tokens.privateKeyBase64());
    env.put(
        "SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_PEOPLE_FILE", peopleFile.toAbsolutePath().toString());
    env.put("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIMULATOR_URL", simulator.baseUrl());
    return MeshServices.start("gateway-service", devstack, env, gatewayPort);
  }

  @AfterAll
  static void stopMesh() {
    List<ServiceProcess> all = new ArrayList<>(edges.values());
    all.add(simulator);
    all.add(identity);
    all.add(gateway);
    MeshServices.stopAll(all);
  }

  @Test
  void aDemoTokenFromTheGatewayOpensThePeopleApiThroughIt() {
    DemoPerson ada = people.get("Ada");
    String token =
        given()
            .baseUri(baseUrl())
            .contentType("application/json")
            .body(Map.of("personId", ada.personId()))
            .post("/demo/token")
            .then()
            .statusCode(200)
            .extract()
            .path("token");
    given()
        .baseUri(baseUrl())
        .header("Authorization", "Bearer " + token)
        .get("/api/v1/people/" + ada.personId())
        .then()
        .statusCode(200)
        .body("id", org.hamcrest.Matchers.equalTo(ada.personId()))
        .body("crossAppEnabled", org.hamcrest.Matchers.equalTo(true));
    // Another person's data stays theirs: identity-service refuses, the gateway passes it on.
    given()
        .baseUri(baseUrl())
        .header("Authorization", "Bearer " + token)
        .get("/api/v1/people/" + people.get("Ben").personId())
        .then()
        .statusCode(403)
        .body("error", org.hamcrest.Matchers.equalTo("forbidden"));
  }

  @Test
  void twoPeopleInTwoBrowsersExchangeMessagesReactionsAndReadStates() {
    DemoPerson ada = people.get("Ada");
    DemoPerson ben = people.get("Ben");
    String conversation = direct(ada, ben);
    String hello = "Hello Ben, from the web " + UUID.randomUUID();
    try (Browser adaBrowser = Browser.open("ada", 1280, 860);
        Browser benBrowser = Browser.open("ben", 1280, 860)) {
      signIn(adaBrowser, ada);
      signIn(benBrowser, ben);

      startChat(adaBrowser, ben);
      send(adaBrowser, hello);
      // Ben sees it arrive in his inbox, unread; it also crossed to his Messenger.
      // (Read as text inside the wait: the page re-renders its elements at any time.)
      String unread =
          benBrowser.until(
              d ->
                  inboxItem(benBrowser, conversation)
                      .findElements(By.cssSelector("[data-testid='unread']"))
                      .stream()
                      .findFirst()
                      .map(WebElement::getText)
                      .orElse(null));
      assertThat(Integer.parseInt(unread.trim())).isPositive();
      // His page has it but he has not opened it: Ada's message reads as delivered.
      adaBrowser.until(d -> "delivered".equals(stateOf(adaBrowser, hello)) ? true : null);
      await().atMost(WAIT).until(() -> callTexts("messenger", ben.accountId()).contains(hello));
      openConversation(benBrowser, conversation);
      messageWithText(benBrowser, hello);

      // Ben opened it: Ada's message reads as read. Then he reacts, and Ada sees the reaction.
      adaBrowser.until(d -> "read".equals(stateOf(adaBrowser, hello)) ? true : null);
      react(benBrowser, hello, "👍");
      adaBrowser.until(
          d ->
              messageWithText(adaBrowser, hello)
                      .findElements(By.cssSelector("[data-testid='reactions']"))
                      .stream()
                      .anyMatch(r -> r.getText().contains("👍"))
                  ? true
                  : null);

      // Ben answers: it reaches Ada's page and her Instagram; the page never renders it as HTML.
      String answer = "<b>not bold</b> & fine " + UUID.randomUUID();
      send(benBrowser, answer);
      int bold =
          adaBrowser.until(
              d -> messageWithText(adaBrowser, answer).findElements(By.tagName("b")).size());
      assertThat(bold).isZero();
      await().atMost(WAIT).until(() -> callTexts("instagram", ada.accountId()).contains(answer));
      screenshots(adaBrowser, "conversation");
      adaBrowser.script("location.hash = '#/'");
      inboxItem(adaBrowser, conversation);
      screenshots(adaBrowser, "inbox");
    }
  }

  @Test
  void aMessageFromTheSimulatorsInstagramUserAppearsInTheInboxAtPhoneWidth() {
    DemoPerson ada = people.get("Ada");
    String stranger = numericId();
    try (Browser phone = Browser.open("ada-phone", 390, 844)) {
      signIn(phone, ada);
      // An Instagram user Ada does not know writes to her Instagram account: a request.
      drive("instagram", ada.accountId(), stranger, "Hi Ada, saw your post on Instagram");
      phone.testId("requests-tab").click();
      WebElement item =
          phone.until(
              d ->
                  d.findElements(By.cssSelector("[data-testid^='conversation-']")).stream()
                      .filter(e -> e.isDisplayed() && e.getText().contains("Instagram"))
                      .findFirst()
                      .orElse(null));
      assertThat(item.findElement(By.cssSelector("[data-testid='app-badge']")).getText())
          .containsIgnoringCase("instagram");
      item.click();
      messageWithText(phone, "Hi Ada, saw your post on Instagram");
      // Nothing is wider than the phone.
      assertThat((Long) phone.script("return document.documentElement.scrollWidth"))
          .isLessThanOrEqualTo((Long) phone.script("return window.innerWidth"));
    }
  }

  @Test
  void aSealedConversationOpensInTheBrowserAndIsUnreadableOnKafka() throws SQLException {
    DemoPerson ada = people.get("Ada");
    DemoPerson ben = people.get("Ben");
    String conversation = direct(ada, ben);
    String secret = "the vault code is 7-3-1-9, " + UUID.randomUUID();
    // Beside another replica the gateway writes its pushes to gateway.pushes (alone, none): they
    // must not carry the text either.
    otherReplica(true);
    try (Browser adaBrowser = Browser.open("ada-sealed", 1280, 860);
        Browser benBrowser = Browser.open("ben-sealed", 1280, 860)) {
      signIn(adaBrowser, ada);
      signIn(benBrowser, ben);
      startChat(adaBrowser, ben);
      if (!"true".equals(adaBrowser.testId("seal-toggle").getAttribute("aria-pressed"))) {
        adaBrowser.testId("seal-toggle").click();
      }
      adaBrowser.until(
          d ->
              "true".equals(adaBrowser.testId("seal-toggle").getAttribute("aria-pressed"))
                  ? true
                  : null);
      send(adaBrowser, secret);

      openConversation(benBrowser, conversation);
      int locks =
          benBrowser.until(
              d ->
                  messageWithText(benBrowser, secret)
                      .findElements(By.cssSelector("[data-testid='sealed']"))
                      .size());
      assertThat(locks).isPositive();
    } finally {
      otherReplica(false);
    }
    // On Kafka the message is sealed: envelopes, and not one byte of the text.
    List<ConsumerRecord<String, byte[]>> sealed =
        records(Topics.INBOUND_CLIENT).stream()
            .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(conversation))
            .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"sealed\""))
            .toList();
    assertThat(sealed).isNotEmpty();
    byte[] needle = "vault code".getBytes(StandardCharsets.UTF_8);
    for (ConsumerRecord<String, byte[]> record : sealed) {
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("vault code");
    }
    assertThat(records(Topics.GATEWAY_PUSHES)).anyMatch(r -> conversation.equals(r.key()));
    for (String topic : List.of(Topics.INBOUND_CLIENT, Topics.GATEWAY_PUSHES)) {
      assertThat(records(topic))
          .noneMatch(
              r ->
                  new String(r.value(), StandardCharsets.UTF_8)
                      .contains(new String(needle, StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aDroppedConnectionResumesWithoutLossAndTheTypedMessageIsSentOnce() throws Exception {
    DemoPerson ada = people.get("Ada");
    DemoPerson ben = people.get("Ben");
    String conversation = direct(ada, ben);
    try (Browser adaBrowser = Browser.open("ada-resume", 1280, 860)) {
      signIn(adaBrowser, ada);
      startChat(adaBrowser, ben);
      send(adaBrowser, "Before the drop");
      // The gateway wrote to Ben's Messenger from this conversation: his answers come back here.
      await()
          .atMost(WAIT)
          .until(() -> callTexts("messenger", ben.accountId()).contains("Before the drop"));

      gateway.close();
      adaBrowser.until(
          d -> {
            String status = adaBrowser.testId("connection-status").getText();
            return status.equals("connected") ? null : status;
          });
      // Typed while the gateway is gone, and answers from Messenger that wait on Kafka.
      send(adaBrowser, "Typed while offline");
      for (int i = 1; i <= 3; i++) {
        drive("messenger", PAGE, ben.accountId(), "Messenger answer " + i);
      }
      gateway = startGateway();

      adaBrowser.until(
          d -> "connected".equals(adaBrowser.testId("connection-status").getText()) ? true : null);
      for (int i = 1; i <= 3; i++) {
        messageWithText(adaBrowser, "Messenger answer " + i);
      }
      adaBrowser.until(
          d ->
              messageWithText(adaBrowser, "Typed while offline").getAttribute("data-seq") != null
                  ? true
                  : null);
      // In order, once each: the page holds one bubble per log entry.
      List<String> texts = bubbleTexts(adaBrowser);
      assertThat(texts.stream().filter(t -> t.contains("Typed while offline"))).hasSize(1);
      List<Integer> answers = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        for (int n = 1; n <= 3; n++) {
          if (texts.get(i).contains("Messenger answer " + n)) {
            answers.add(n);
          }
        }
      }
      assertThat(answers).containsExactly(1, 2, 3);
    }
    await()
        .atMost(WAIT)
        .until(() -> callTexts("messenger", ben.accountId()).contains("Typed while offline"));
    assertThat(
            callTexts("messenger", ben.accountId()).stream().filter("Typed while offline"::equals))
        .hasSize(1);
  }

  @Test
  void whatTheGatewayRefusesShowsAsASentenceAndTheConnectionStays() {
    DemoPerson ada = people.get("Ada");
    try (Browser browser = Browser.open("ada-refused", 1280, 860)) {
      signIn(browser, ada);
      // A chat with a person nobody knows: the gateway refuses the message with not_a_member.
      browser.testId("new-chat").click();
      browser.testId("new-chat-person").sendKeys(UUID.randomUUID().toString());
      browser.testId("new-chat-start").click();
      send(browser, "to nobody");
      String shown =
          browser.until(
              d -> {
                String text = browser.testId("toast").getText();
                return text.contains("not a member") ? text : null;
              });
      assertThat(shown).doesNotContain("Exception").doesNotContain("not_a_member");
      assertThat(browser.testId("connection-status").getText()).isEqualTo("connected");
    }
  }

  /**
   * The browser's sealing (WebCrypto) against the vectors the Java library reproduces byte for byte
   * (mesh-events' SharedVectorsTest): the same envelopes from the same keys, the same plaintexts
   * opened, the same tampering refused; and a message sealed in the browser with a fresh key opens
   * with the Java library.
   */
  @Test
  void theBrowserSealsAndOpensExactlyAsTheJavaLibraryDoes() throws Exception {
    Path repo = Path.of(System.getProperty("switchboard.repo.dir", ".."));
    JsonNode file =
        JSON.readTree(
            repo.resolve("mesh-events/src/test/resources/sealed/shared-vectors.json").toFile());
    DevicePrivateKey javaDevice = DevicePrivateKey.generate("dk_java_device", new SecureRandom());
    String javaPublic = Base64.getEncoder().encodeToString(javaDevice.toPublicKey().publicKey());
    String freshText = "sealed in the browser, opened in Java: ✓ " + UUID.randomUUID();
    try (Browser browser = Browser.open("vectors", 800, 600)) {
      browser.go(baseUrl());
      String answer =
          (String)
              browser.asyncScript(
                  """
                  const done = arguments[arguments.length - 1];
                  const file = JSON.parse(arguments[0]);
                  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
                  const b64 = (u8) => btoa(String.fromCharCode(...u8));
                  (async () => {
                    const s = await import('/app/sealed.js');
                    const out = { sealed: [], opened: [], refused: [] };
                    for (const v of file.vectors) {
                      const sender = { keyId: v.sender.keyId,
                        privateKey: await s.importPrivateKey(v.sender.privateKey),
                        publicKeyBase64: v.sender.publicKey };
                      const to = v.recipients.map((r) => ({ keyId: r.keyId, publicKeyBase64: r.publicKey }));
                      const content = await s.seal(v.messageId, sender, to, bytes(v.plaintextBase64),
                        { ephemeralPrivateKeys: v.recipients.map((r) => r.ephemeralPrivateKey) });
                      out.sealed.push(content);
                      for (const r of v.recipients) {
                        const me = { keyId: r.keyId, privateKey: await s.importPrivateKey(r.privateKey) };
                        out.opened.push(b64(await s.open(v.messageId, v.content, me, v.sender.publicKey)));
                      }
                    }
                    for (const n of file.mustNotOpen) {
                      const me = { keyId: n.recipient.keyId, privateKey: await s.importPrivateKey(n.recipient.privateKey) };
                      try {
                        await s.open(n.messageId, n.content, me, n.senderPublicKey);
                        out.refused.push(false);
                      } catch (e) {
                        out.refused.push(true);
                      }
                    }
                    const mine = await s.generateDeviceKey();
                    out.fresh = await s.seal('sb.web.fresh', { keyId: 'dk_browser', privateKey: mine.privateKey,
                      publicKeyBase64: mine.publicKeyBase64 }, [{ keyId: 'dk_java_device', publicKeyBase64: arguments[1] }],
                      new TextEncoder().encode(arguments[2]));
                    out.freshSender = mine.publicKeyBase64;
                    return out;
                  })().then((out) => done(JSON.stringify(out)), (e) => done(JSON.stringify({ error: String(e) })));
                  """,
                  file.toString(),
                  javaPublic,
                  freshText);
      JsonNode out = JSON.readTree(answer);
      assertThat(out.path("error").isMissingNode()).as(answer).isTrue();
      List<JsonNode> expectedSealed = new ArrayList<>();
      List<String> expectedOpened = new ArrayList<>();
      for (JsonNode vector : file.path("vectors")) {
        expectedSealed.add(vector.path("content"));
        vector
            .path("recipients")
            .forEach(r -> expectedOpened.add(vector.path("plaintextBase64").asText()));
      }
      assertThat(out.path("sealed")).containsExactlyElementsOf(expectedSealed);
      assertThat(out.path("opened"))
          .extracting(JsonNode::asText)
          .containsExactlyElementsOf(expectedOpened);
      assertThat(out.path("refused"))
          .hasSize(file.path("mustNotOpen").size())
          .allMatch(JsonNode::asBoolean);

      SealedContent fresh =
          (SealedContent) EventCodec.mapper().treeToValue(out.path("fresh"), Content.class);
      byte[] opened =
          SealedMessages.open(
              "sb.web.fresh",
              fresh,
              javaDevice,
              DevicePublicKey.fromBase64("dk_browser", out.path("freshSender").asText()));
      assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(freshText);
    }
  }

  @Test
  void aPersonWithEveryDeviceTakenRemovesOneAndTheBrowserJoins() {
    DemoPerson cleo = people.get("Cleo");
    String token = tokens.person(cleo.personId(), 600);
    List<String> old = new ArrayList<>();
    while (devicesOf(cleo, token).size() < 16) {
      old.add(registerDevice(cleo, token, "Old phone " + old.size()));
    }

    try (Browser browser = Browser.open("cleo", 1280, 900)) {
      browser.go(baseUrl());
      browser.testId("signin-person-" + cleo.personId()).click();
      browser.testId("too-many-devices");
      browser.until(d -> browser.all("[data-testid='devices'] li").size() == 16 ? true : null);
      browser.testId("device-remove-" + old.get(0)).click();
      browser.acceptConfirm();
      browser.until(d -> browser.all("[data-testid='devices'] li").size() == 15 ? true : null);
      browser.testId("devices-continue").click();
      browser.until(
          d -> "connected".equals(browser.testId("connection-status").getText()) ? true : null);

      // Settings lists the browser among the devices, marked, and removes another one.
      browser.testId("settings").click();
      browser.until(d -> browser.all("[data-testid='devices'] li").size() == 16 ? true : null);
      assertThat(browser.testId("devices").getText())
          .contains("this browser")
          .contains("Web browser (Chrome, Linux)");
      browser.testId("device-remove-" + old.get(1)).click();
      browser.acceptConfirm();
      browser.until(d -> browser.all("[data-testid='devices'] li").size() == 15 ? true : null);
    }

    List<String> left =
        devicesOf(cleo, token).stream().map(d -> d.path("deviceId").asText()).toList();
    assertThat(left).hasSize(15).doesNotContain(old.get(0), old.get(1));
    assertThat(devicesOf(cleo, token))
        .extracting(d -> d.path("name").asText())
        .contains("Web browser (Chrome, Linux)");
  }

  @Test
  void messagesGoToTheAppThePersonLastWroteFrom() throws Exception {
    DemoPerson ben = people.get("Ben");
    DemoPerson dee = people.get("Dee");
    String benToken = tokens.person(ben.personId(), 600);
    String deeToken = tokens.person(dee.personId(), 600);
    given()
        .baseUri(baseUrl())
        .header("Authorization", "Bearer " + deeToken)
        .contentType("application/json")
        .body(Map.of("mode", "last_used"))
        .put("/api/v1/people/" + dee.personId() + "/delivery")
        .then()
        .statusCode(200);
    String conversation = direct(ben, dee);
    try (DeviceSocket benPhone =
            DeviceSocket.connectWhenKnown(
                baseUrl(), registerDevice(ben, benToken, "Ben's phone"), benToken, WAIT);
        DeviceSocket deePhone =
            DeviceSocket.connectWhenKnown(
                baseUrl(), registerDevice(dee, deeToken, "Dee's phone"), deeToken, WAIT)) {
      // Dee writes from her phone: her last used app is Switchboard, so Ben's answer stays there.
      deePhone.sendText(conversation, "Written on my phone", WAIT);
      awaitLastUsed(dee, "switchboard");
      benPhone.sendText(conversation, "Answer while Dee is on her phone", WAIT);
      deePhone.await(DeviceSocket.message("Answer while Dee is on her phone"), WAIT);

      // Dee writes from Messenger: the next answer goes to her Messenger too.
      drive("messenger", PAGE, dee.accountId(), "Written on Messenger");
      awaitLastUsed(dee, "messenger");
      benPhone.sendText(conversation, "Answer while Dee is on Messenger", WAIT);
      deePhone.await(DeviceSocket.message("Answer while Dee is on Messenger"), WAIT);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  callTexts("messenger", dee.accountId())
                      .contains("Answer while Dee is on Messenger"));
    }
    assertThat(callTexts("messenger", dee.accountId()))
        .doesNotContain("Answer while Dee is on her phone");
  }

  // --- the page ---

  private static void signIn(Browser browser, DemoPerson person) {
    browser.go(baseUrl());
    browser.testId("signin-person-" + person.personId()).click();
    browser.until(
        d -> "connected".equals(browser.testId("connection-status").getText()) ? true : null);
  }

  /** Opens a conversation from the inbox, or from the requests folder when it waits there. */
  private static void openConversation(Browser browser, String conversationId) {
    browser.click(d -> inboxItem(browser, conversationId));
  }

  /** A conversation's entry in the inbox or in the requests folder, whichever shows it. */
  private static WebElement inboxItem(Browser browser, String conversationId) {
    String item = "[data-testid='conversation-" + conversationId + "']";
    int[] tries = {0};
    return browser.until(
        d -> {
          List<WebElement> shown =
              d.findElements(By.cssSelector(item)).stream()
                  .filter(WebElement::isDisplayed)
                  .toList();
          if (!shown.isEmpty()) {
            return shown.get(0);
          }
          // Not shown in this folder (yet): after a while, look in the other one.
          int tried = ++tries[0];
          if (tried % 10 != 0) {
            return null;
          }
          String tab = (tried / 10) % 2 == 1 ? "requests-tab" : "inbox-tab";
          d.findElements(By.cssSelector("[data-testid='" + tab + "']")).stream()
              .filter(WebElement::isDisplayed)
              .findFirst()
              .ifPresent(WebElement::click);
          return null;
        });
  }

  private static void startChat(Browser browser, DemoPerson other) {
    browser.testId("new-chat").click();
    browser.testId("new-chat-person-" + other.personId()).click();
    browser.testId("composer");
  }

  private static void send(Browser browser, String text) {
    WebElement composer = browser.testId("composer");
    composer.sendKeys(text);
    browser.testId("send").click();
  }

  private static WebElement messageWithText(Browser browser, String text) {
    return browser.until(
        d ->
            d.findElements(By.cssSelector("[data-testid='message']")).stream()
                .filter(m -> m.getText().contains(text))
                .findFirst()
                .orElse(null));
  }

  /** The texts of the bubbles, read in one go in the page (it re-renders them at any time). */
  @SuppressWarnings("unchecked")
  private static List<String> bubbleTexts(Browser browser) {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll(\"[data-testid='message']\")]"
                + ".map((e) => e.innerText);");
  }

  private static void react(Browser browser, String text, String emoji) {
    browser.click(
        d -> messageWithText(browser, text).findElement(By.cssSelector("[data-testid='react']")));
    browser.click(
        d ->
            d.findElements(By.cssSelector("[data-testid='react-emoji']")).stream()
                .filter(e -> e.isDisplayed() && e.getText().equals(emoji))
                .findFirst()
                .orElse(null));
  }

  /** The delivery state of one's own message with this text, found anew (the page re-renders). */
  private static String stateOf(Browser browser, String text) {
    return browser.all("[data-testid='message']").stream()
        .filter(m -> m.getText().contains(text))
        .map(m -> m.getAttribute("data-state"))
        .findFirst()
        .orElse(null);
  }

  private static void screenshots(Browser browser, String name) {
    String directory = System.getProperty("switchboard.screenshots");
    if (directory != null && !directory.isBlank()) {
      browser.screenshot(Path.of(directory).resolve("web-client-" + name + ".png"));
    }
  }

  private static String numericId() {
    return Long.toString(
        ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, 9_000_000_000_000_000L));
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + gatewayPort + "/";
  }

  private static String direct(DemoPerson a, DemoPerson b) {
    return a.personId().compareTo(b.personId()) < 0
        ? "sb:dm:" + a.personId() + ":" + b.personId()
        : "sb:dm:" + b.personId() + ":" + a.personId();
  }

  // --- identity-service, through the gateway ---

  /**
   * Waits until identity-service published the person's last used app on identity.links, then a
   * moment more for the gateway's routing view, which reads the same records.
   */
  private static void awaitLastUsed(DemoPerson person, String platform) throws Exception {
    String key = person.platform() + ":" + person.accountId();
    await()
        .atMost(WAIT)
        .until(
            () ->
                records(Topics.IDENTITY_LINKS).stream()
                    .filter(r -> key.equals(r.key()) && r.value() != null)
                    .reduce((first, second) -> second)
                    .map(r -> readJson(new String(r.value(), StandardCharsets.UTF_8)))
                    .map(route -> route.path("delivery").path("lastUsedPlatform").asText())
                    .filter(platform::equals)
                    .isPresent());
    Thread.sleep(1_000);
  }

  private static List<JsonNode> devicesOf(DemoPerson person, String token) {
    JsonNode list =
        readJson(
            given()
                .baseUri(baseUrl())
                .header("Authorization", "Bearer " + token)
                .get("/api/v1/people/" + person.personId() + "/devices")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    List<JsonNode> devices = new ArrayList<>();
    list.forEach(devices::add);
    return devices;
  }

  private static String registerDevice(DemoPerson person, String token, String name) {
    byte[] publicKey = new byte[32];
    new SecureRandom().nextBytes(publicKey);
    return given()
        .baseUri(baseUrl())
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(
            Map.of(
                "name",
                name,
                "keys",
                List.of(
                    Map.of(
                        "algorithm",
                        "X25519",
                        "publicKey",
                        Base64.getEncoder().encodeToString(publicKey)))))
        .post("/api/v1/people/" + person.personId() + "/devices")
        .then()
        .statusCode(201)
        .extract()
        .path("deviceId");
  }

  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // --- the simulator and Kafka, from outside ---

  private static void drive(String platform, String business, String user, String text) {
    given()
        .baseUri(simulator.baseUrl())
        .contentType("application/json")
        .body(
            Map.of(
                "businessId",
                business,
                "userId",
                user,
                "events",
                List.of(Map.of("kind", "text", "text", text))))
        .when()
        .post("/simulator/webhooks/" + platform)
        .then()
        .statusCode(200);
  }

  private static List<String> callTexts(String platform, String recipient) {
    List<String> texts = new ArrayList<>();
    for (Object body :
        given()
            .baseUri(simulator.baseUrl())
            .queryParam("platform", platform)
            .queryParam("recipient", recipient)
            .get("/simulator/calls")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("body.message.text")) {
      texts.add(String.valueOf(body));
    }
    return texts;
  }

  /**
   * Holds (or gives up) a lease for a replica that does not run, and waits until the gateway's
   * readiness says it relays its pushes (or no longer does).
   */
  private static void otherReplica(boolean holds) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                devstack.jdbcUrl().orElseThrow(),
                devstack.databaseUsername(),
                devstack.databasePassword());
        PreparedStatement statement =
            connection.prepareStatement(
                holds
                    ? "INSERT INTO gateway.replica_leases (replica_id, lease_until)"
                        + " VALUES (?, now() + interval '1 hour') ON CONFLICT (replica_id)"
                        + " DO UPDATE SET lease_until = excluded.lease_until"
                    : "DELETE FROM gateway.replica_leases WHERE replica_id = ?")) {
      statement.setString(1, "web-client-test-other-replica");
      statement.executeUpdate();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                holds
                    == given()
                        .get(gateway.baseUrl() + "/q/health/ready")
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("checks.find { it.name == 'Replica lease' }.data.relaying"));
  }

  /** Every record of a topic so far, read from the beginning. */
  private static List<ConsumerRecord<String, byte[]>> records(String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            devstack.kafkaBootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(500)).forEach(all::add);
      }
    }
    return all;
  }
}
