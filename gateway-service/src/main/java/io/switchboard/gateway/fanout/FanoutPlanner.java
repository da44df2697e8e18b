package io.switchboard.gateway.fanout;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.AccountRoute.MessageControl;
import io.switchboard.events.data.MessageCreated;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides where a message goes from the routing view alone: blocks (either way, every app), the
 * recipient's message controls for the app it was written on, both persons' cross-app consent, the
 * recipient's delivery preference, and end-to-end capability for sealed content. Pure, so every
 * rule is testable without Kafka or a database.
 */
public final class FanoutPlanner {
  private FanoutPlanner() {}

  /**
   * @param arrivedOn the app the message was written on (the inbound topic's platform)
   * @param known whether the conversation already had messages (the sender is known)
   */
  public static FanoutPlan plan(
      Platform arrivedOn,
      MessageCreated message,
      Optional<AccountRoute> sender,
      Optional<AccountRoute> recipient,
      boolean known) {
    if (sender.isEmpty() && recipient.isEmpty()) {
      return FanoutPlan.drop(FanoutPlan.NO_PERSON);
    }
    String senderPerson = sender.map(AccountRoute::personId).orElse(null);
    if (recipient.isEmpty()) {
      if (!sender.get().crossAppEnabled() && arrivedOn != Platform.SWITCHBOARD) {
        return FanoutPlan.drop(FanoutPlan.CROSS_APP_OFF);
      }
      return new FanoutPlan(null, false, senderPerson, Set.of(senderPerson), List.of(), false);
    }
    AccountRoute to = recipient.get();
    if (sender.isPresent() && blocked(sender.get(), to)) {
      return FanoutPlan.drop(FanoutPlan.BLOCKED);
    }
    boolean samePerson = to.personId().equals(senderPerson);
    String placement = placement(to, arrivedOn, known || samePerson);
    if ("refused".equals(placement)) {
      return FanoutPlan.drop(FanoutPlan.REFUSED);
    }
    boolean request = "requests".equals(placement);
    boolean crossApp =
        to.crossAppEnabled() && sender.map(AccountRoute::crossAppEnabled).orElse(true);
    boolean devices = crossApp || arrivedOn == Platform.SWITCHBOARD;
    List<AccountRef> targets = request ? List.of() : appTargets(to, message, arrivedOn, crossApp);
    boolean noE2e = false;
    if (message.content() instanceof SealedContent) {
      targets = targets.stream().filter(a -> a.platform() == Platform.WHATSAPP).toList();
      boolean deviceEndpoint =
          devices && to.routes().stream().anyMatch(a -> a.platform() == Platform.SWITCHBOARD);
      noE2e = targets.isEmpty() && !deviceEndpoint;
    }
    Set<String> members = new LinkedHashSet<>();
    if (devices) {
      if (senderPerson != null) {
        members.add(senderPerson);
      }
      members.add(to.personId());
    }
    if (members.isEmpty() && targets.isEmpty() && !noE2e) {
      return FanoutPlan.drop(FanoutPlan.CROSS_APP_OFF);
    }
    return new FanoutPlan(null, request, senderPerson, members, targets, noE2e);
  }

  /** Whether either person blocked the other. */
  static boolean blocked(AccountRoute a, AccountRoute b) {
    return a.blockedPersonIds().contains(b.personId())
        || b.blockedPersonIds().contains(a.personId());
  }

  /** {@code inbox}, {@code requests} or {@code refused}; identity-service's defaults otherwise. */
  static String placement(AccountRoute recipient, Platform source, boolean known) {
    Optional<MessageControl> control =
        recipient.controls().stream().filter(c -> c.sourcePlatform() == source).findFirst();
    if (known) {
      return control.map(MessageControl::known).orElse("inbox");
    }
    return control.map(MessageControl::unknown).orElse("requests");
  }

  /** The recipient's app accounts the delivery preference picks, other than where it arrived. */
  static List<AccountRef> appTargets(
      AccountRoute to, MessageCreated message, Platform arrivedOn, boolean crossApp) {
    Stream<AccountRef> accounts =
        to.routes().stream()
            .filter(a -> a.platform() != Platform.SWITCHBOARD)
            .filter(a -> !same(a, message.recipient()) && !same(a, message.sender()))
            .filter(a -> crossApp || a.platform() == arrivedOn);
    Platform only = chosenPlatform(to.delivery());
    if (only != null) {
      accounts = accounts.filter(a -> a.platform() == only);
    }
    return accounts.toList();
  }

  private static Platform chosenPlatform(AccountRoute.DeliveryPreference delivery) {
    if (delivery == null || delivery.mode() == null) {
      return null;
    }
    return switch (delivery.mode()) {
      case "preferred" -> delivery.preferredPlatform();
      case "last_used" -> delivery.lastUsedPlatform();
      default -> null;
    };
  }

  private static boolean same(AccountRef a, AccountRef b) {
    return b != null && a.platform() == b.platform() && a.accountId().equals(b.accountId());
  }
}
