package io.switchboard.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.AccountRoute.DeliveryPreference;
import io.switchboard.events.data.AccountRoute.MessageControl;
import io.switchboard.events.data.MessageCreated;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FanoutPlannerTest {
  private static final AccountRef ADA_IG = AccountRef.of(Platform.INSTAGRAM, "11");
  private static final AccountRef ADA_MS = AccountRef.of(Platform.MESSENGER, "12");
  private static final AccountRef ADA_WA = AccountRef.of(Platform.WHATSAPP, "13");
  private static final AccountRef ADA_PHONE = AccountRef.of(Platform.SWITCHBOARD, "phone");
  private static final AccountRef BOB_IG = AccountRef.of(Platform.INSTAGRAM, "21");
  private static final List<MessageControl> OPEN =
      List.of(new MessageControl(Platform.INSTAGRAM, "inbox", "inbox"));

  @Test
  void aBlockByTheSenderStopsTheMessageToo() {
    AccountRoute bob = route("bob", BOB_IG, true, List.of("ada"));
    FanoutPlan plan = plan(text(), Optional.of(bob), ada(true, "all", null, ADA_IG, ADA_MS), true);
    assertThat(plan.dropReason()).isEqualTo(FanoutPlan.BLOCKED);
  }

  @Test
  void aSenderWithoutCrossAppConsentDoesNotCrossApps() {
    AccountRoute bob = route("bob", BOB_IG, false, List.of());
    FanoutPlan plan = plan(text(), Optional.of(bob), ada(true, "all", null, ADA_IG, ADA_MS), true);
    assertThat(plan.dropReason()).isEqualTo(FanoutPlan.CROSS_APP_OFF);
  }

  @Test
  void unknownSendersLandInRequestsByDefaultAndReachDevicesOnly() {
    AccountRoute ada =
        new AccountRoute(
            ADA_IG,
            List.of(),
            "ada",
            List.of(ADA_IG, ADA_MS, ADA_PHONE),
            true,
            new DeliveryPreference("all", null, null),
            List.of(),
            List.of(),
            List.of(),
            1,
            Instant.now());
    FanoutPlan plan =
        FanoutPlanner.plan(
            Platform.INSTAGRAM, message(text()), Optional.empty(), Optional.of(ada), false);
    assertThat(plan.request()).isTrue();
    assertThat(plan.appTargets()).isEmpty();
    assertThat(plan.memberPersonIds()).containsExactly("ada");
  }

  @Test
  void lastUsedPicksTheAppLastWrittenFrom() {
    FanoutPlan plan =
        plan(
            text(),
            Optional.empty(),
            ada(true, "last_used", Platform.WHATSAPP, ADA_IG, ADA_MS, ADA_WA),
            true);
    assertThat(plan.appTargets()).containsExactly(ADA_WA);
  }

  @Test
  void sealedContentGoesOnlyToWhatsapp() {
    FanoutPlan plan =
        plan(sealed(), Optional.empty(), ada(true, "all", null, ADA_IG, ADA_MS, ADA_WA), true);
    assertThat(plan.appTargets()).containsExactly(ADA_WA);
    assertThat(plan.noE2eEndpoint()).isFalse();
  }

  @Test
  void sealedContentWithADeviceIsNotAFailure() {
    FanoutPlan plan =
        plan(sealed(), Optional.empty(), ada(true, "all", null, ADA_IG, ADA_MS, ADA_PHONE), true);
    assertThat(plan.appTargets()).isEmpty();
    assertThat(plan.noE2eEndpoint()).isFalse();
  }

  @Test
  void sealedContentWithNoEndToEndEndpointIsAFailure() {
    FanoutPlan plan =
        plan(sealed(), Optional.empty(), ada(true, "all", null, ADA_IG, ADA_MS), true);
    assertThat(plan.appTargets()).isEmpty();
    assertThat(plan.noE2eEndpoint()).isTrue();
  }

  private static FanoutPlan plan(
      Content content, Optional<AccountRoute> sender, AccountRoute recipient, boolean known) {
    return FanoutPlanner.plan(
        Platform.INSTAGRAM, message(content), sender, Optional.of(recipient), known);
  }

  private static AccountRoute ada(
      boolean crossApp, String mode, Platform lastUsed, AccountRef... accounts) {
    return new AccountRoute(
        ADA_IG,
        List.of(),
        "ada",
        List.of(accounts),
        crossApp,
        new DeliveryPreference(mode, null, lastUsed),
        OPEN,
        List.of(),
        List.of(),
        1,
        Instant.now());
  }

  private static AccountRoute route(
      String person, AccountRef account, boolean crossApp, List<String> blocked) {
    return new AccountRoute(
        account,
        List.of(),
        person,
        List.of(account),
        crossApp,
        new DeliveryPreference("all", null, null),
        List.of(),
        blocked,
        List.of(),
        1,
        Instant.now());
  }

  private static MessageCreated message(Content content) {
    Instant now = Instant.now();
    return new MessageCreated(
        "instagram:11:21", "mid.1", BOB_IG, ADA_IG, content, null, null, null, now, now);
  }

  private static Content text() {
    return PlainContent.text("hi");
  }

  private static Content sealed() {
    return new SealedContent(
        "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
        "dk_bob",
        List.of(new SealedEnvelope("dk_ada", "AAAA", "BBBB")));
  }
}
