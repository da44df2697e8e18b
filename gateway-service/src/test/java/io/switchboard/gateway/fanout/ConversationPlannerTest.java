package io.switchboard.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.AccountRoute.DeliveryPreference;
import io.switchboard.events.data.AccountRoute.MessageControl;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.gateway.log.Conversation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversationPlannerTest {
  private static final AccountRef ADA_DEVICE = AccountRef.of(Platform.SWITCHBOARD, "dev-ada");
  private static final AccountRef BO_MESSENGER = AccountRef.of(Platform.MESSENGER, "24000002");
  private static final AccountRef BO_DEVICE = AccountRef.of(Platform.SWITCHBOARD, "dev-bo");
  private static final AccountRef CY_WHATSAPP = AccountRef.of(Platform.WHATSAPP, "14155550003");
  private static final AccountRef DEE_INSTAGRAM = AccountRef.of(Platform.INSTAGRAM, "1784000004");

  private final Map<String, AccountRoute> persons = new HashMap<>();
  private final Map<AccountRef, AccountRoute> accounts = new HashMap<>();

  @Test
  void aDeviceWritesToTheOtherPersonsAppsAndDevices() {
    AccountRoute ada = person("ada", true, List.of(), ADA_DEVICE);
    person("bo", true, List.of(), BO_MESSENGER, BO_DEVICE);

    FanoutPlan plan = plan(ada, direct("ada", "bo", 3), List.of(), text("hi"));

    assertThat(plan.dropped()).isFalse();
    assertThat(plan.memberPersonIds()).containsExactly("ada", "bo");
    assertThat(plan.appTargets()).containsExactly(BO_MESSENGER);
    assertThat(plan.request()).isFalse();
  }

  @Test
  void onlyMembersWrite() {
    AccountRoute ada = person("ada", true, List.of(), ADA_DEVICE);
    person("bo", true, List.of(), BO_MESSENGER);

    assertThat(plan(ada, group(List.of("bo", "cy")), List.of(), text("hi")).dropReason())
        .isEqualTo(ConversationPlanner.NOT_A_MEMBER);
    assertThat(
            ConversationPlanner.plan(
                    Platform.SWITCHBOARD,
                    message(text("hi")),
                    Optional.empty(),
                    direct("ada", "bo", 1),
                    List.of(),
                    this::person,
                    this::route)
                .dropReason())
        .isEqualTo(ConversationPlanner.NOT_A_MEMBER);
  }

  @Test
  void aBlockEitherWayDropsADirectMessageButOnlyTheBlockedMemberInAGroup() {
    AccountRoute ada = person("ada", true, List.of(), ADA_DEVICE);
    person("bo", true, List.of("ada"), BO_MESSENGER);
    person("cy", true, List.of(), CY_WHATSAPP);

    assertThat(plan(ada, direct("ada", "bo", 1), List.of(), text("hi")).dropReason())
        .isEqualTo(FanoutPlan.BLOCKED);
    FanoutPlan inGroup = plan(ada, group(List.of("ada", "bo", "cy")), List.of(), text("hi"));
    assertThat(inGroup.appTargets()).containsExactly(CY_WHATSAPP);
    assertThat(inGroup.memberPersonIds()).containsExactly("ada", "cy");
  }

  @Test
  void theOtherPersonsControlsForSwitchboardDecideADirectMessage() {
    AccountRoute ada = person("ada", true, List.of(), ADA_DEVICE);
    AccountRoute bo = person("bo", true, List.of(), BO_MESSENGER, BO_DEVICE);

    FanoutPlan first = plan(ada, direct("ada", "bo", 0), List.of(), text("hi"));
    assertThat(first.request()).isTrue();
    assertThat(first.appTargets()).isEmpty();

    replace(bo, new MessageControl(Platform.SWITCHBOARD, "inbox", "refused"));
    assertThat(plan(ada, direct("ada", "bo", 0), List.of(), text("hi")).dropReason())
        .isEqualTo(FanoutPlan.REFUSED);
    assertThat(plan(ada, direct("ada", "bo", 4), List.of(), text("hi")).request()).isFalse();
  }

  @Test
  void crossingToAnAppNeedsBothPeoplesConsent() {
    AccountRoute adaOff = person("ada", false, List.of(), ADA_DEVICE);
    person("bo", true, List.of(), BO_MESSENGER);
    person("cy", false, List.of(), CY_WHATSAPP);

    assertThat(plan(adaOff, group(List.of("ada", "bo")), List.of(), text("hi")).appTargets())
        .isEmpty();
    AccountRoute adaOn = person("ada", true, List.of(), ADA_DEVICE);
    assertThat(plan(adaOn, group(List.of("ada", "bo", "cy")), List.of(), text("hi")).appTargets())
        .containsExactly(BO_MESSENGER);
  }

  @Test
  void appAccountsThatAreNobodysMemberGetAnswersButNotTheWriterOrMembersOwn() {
    AccountRoute ada = person("ada", true, List.of(), ADA_DEVICE);
    AccountRef adaInstagram = AccountRef.of(Platform.INSTAGRAM, "1784000001");
    accounts.put(adaInstagram, ada);

    Conversation conversation =
        new Conversation(
            "instagram:1784000001:1784000004", "direct", null, null, 2, List.of("ada"));
    FanoutPlan plan =
        plan(ada, conversation, List.of(adaInstagram, DEE_INSTAGRAM), text("back to you"));

    assertThat(plan.appTargets()).containsExactly(DEE_INSTAGRAM);
  }

  @Test
  void anAppUserWhoTookPartAnswersThroughTheBusinessAccountWithoutBeingLinked() {
    person("ada", true, List.of(), ADA_DEVICE, BO_MESSENGER);
    Conversation conversation =
        new Conversation(
            "instagram:1784000001:1784000004", "direct", null, null, 2, List.of("ada"));
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    MessageCreated answer =
        new MessageCreated(
            conversation.id(),
            "mid.answer",
            DEE_INSTAGRAM,
            AccountRef.of(Platform.INSTAGRAM, "17841400000000001"),
            text("thanks"),
            null,
            null,
            null,
            now,
            now);

    FanoutPlan plan =
        ConversationPlanner.plan(
            Platform.INSTAGRAM,
            answer,
            Optional.empty(),
            conversation,
            List.of(DEE_INSTAGRAM),
            this::person,
            this::route);

    assertThat(plan.dropped()).isFalse();
    assertThat(plan.senderPersonId()).isNull();
    assertThat(plan.memberPersonIds()).containsExactly("ada");
    assertThat(plan.appTargets()).containsExactly(BO_MESSENGER);
  }

  @Test
  void sealedContentGoesOnlyToEndToEndEndpointsAndIsReportedWhenNoneIsLeft() {
    AccountRoute ada = person("ada", true, List.of(), ADA_DEVICE);
    person("bo", true, List.of(), BO_MESSENGER);
    person("cy", true, List.of(), CY_WHATSAPP);

    FanoutPlan toGroup = plan(ada, group(List.of("ada", "bo", "cy")), List.of(), sealed());
    assertThat(toGroup.appTargets()).containsExactly(CY_WHATSAPP);
    assertThat(toGroup.noE2eEndpoint()).isFalse();

    FanoutPlan toBo = plan(ada, direct("ada", "bo", 2), List.of(), sealed());
    assertThat(toBo.appTargets()).isEmpty();
    assertThat(toBo.noE2eEndpoint()).isTrue();
  }

  private FanoutPlan plan(
      AccountRoute sender,
      Conversation conversation,
      List<AccountRef> conversationAccounts,
      io.switchboard.events.content.Content content) {
    return ConversationPlanner.plan(
        Platform.SWITCHBOARD,
        message(content),
        Optional.of(sender),
        conversation,
        conversationAccounts,
        this::person,
        this::route);
  }

  private Optional<AccountRoute> person(String personId) {
    return Optional.ofNullable(persons.get(personId));
  }

  private Optional<AccountRoute> route(AccountRef account) {
    return Optional.ofNullable(accounts.get(account));
  }

  private AccountRoute person(
      String personId, boolean crossApp, List<String> blocked, AccountRef... routes) {
    AccountRoute route =
        new AccountRoute(
            routes[0],
            List.of(),
            personId,
            List.of(routes),
            crossApp,
            new DeliveryPreference("all", null, null),
            List.of(),
            blocked,
            List.of(),
            1,
            Instant.parse("2026-11-25T12:00:00Z"));
    persons.put(personId, route);
    for (AccountRef account : routes) {
      accounts.put(account, route);
    }
    return route;
  }

  private void replace(AccountRoute route, MessageControl control) {
    List<MessageControl> controls = new ArrayList<>(route.controls());
    controls.add(control);
    persons.put(
        route.personId(),
        new AccountRoute(
            route.account(),
            route.aliases(),
            route.personId(),
            route.routes(),
            route.crossAppEnabled(),
            route.delivery(),
            controls,
            route.blockedPersonIds(),
            route.deviceKeyIds(),
            route.version() + 1,
            route.updatedAt()));
  }

  private static Conversation direct(String a, String b, long lastSeq) {
    return new Conversation("sb:dm:" + a + ":" + b, "direct", null, null, lastSeq, List.of(a, b));
  }

  private static Conversation group(List<String> members) {
    return new Conversation("sb:group:g1", Conversation.GROUP, "Weekend", null, 5, members);
  }

  private static MessageCreated message(io.switchboard.events.content.Content content) {
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    return new MessageCreated(
        "sb:dm:ada:bo", "sb.m1", ADA_DEVICE, null, content, null, null, "n1", now, now);
  }

  private static PlainContent text(String text) {
    return PlainContent.text(text);
  }

  private static SealedContent sealed() {
    return new SealedContent(
        "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
        "dk_ada",
        List.of(new SealedEnvelope("dk_bo", "AAAA", "BBBB")));
  }
}
