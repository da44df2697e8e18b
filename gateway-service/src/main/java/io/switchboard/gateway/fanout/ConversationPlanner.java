package io.switchboard.gateway.fanout;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.gateway.log.Conversation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides where a message written into a conversation of members goes: a message from a Switchboard
 * device, into a group, or answered from an app through the gateway's business account. Unlike
 * {@link FanoutPlanner}, whose recipient is the one account a platform message was written to, the
 * audience here is the conversation: its member persons, and the app accounts that took part in it
 * without being a member's.
 *
 * <p>The rules are the same ones: the writer must be a member, or an app account that took part in
 * the conversation (someone answering through the business account); in a direct conversation a
 * block either way, or the other person's message controls for the app it was written on ({@code
 * refused}, {@code requests}) apply to the whole message; in a group a block keeps the message from
 * that member's apps and from pushes to their devices. A message crosses to another app only when
 * both the writer and the member turned cross-app messaging on; app accounts that are nobody's
 * member wrote into the conversation themselves and get answers when the writer has cross-app
 * messaging on. Sealed content goes only to WhatsApp accounts and Switchboard devices.
 */
public final class ConversationPlanner {
  public static final String NOT_A_MEMBER = "not_a_member";

  private ConversationPlanner() {}

  /**
   * @param arrivedOn the app the message was written on
   * @param sender the writer's route
   * @param conversation the conversation (for a direct Switchboard conversation written to for the
   *     first time: its two members, {@code lastSeq} 0)
   * @param accounts the app accounts that took part in the conversation
   * @param persons a person's newest route, by person id
   * @param routes an account's route
   */
  public static FanoutPlan plan(
      Platform arrivedOn,
      MessageCreated message,
      Optional<AccountRoute> sender,
      Conversation conversation,
      List<AccountRef> accounts,
      Function<String, Optional<AccountRoute>> persons,
      Function<AccountRef, Optional<AccountRoute>> routes) {
    boolean member = sender.isPresent() && conversation.member(sender.get().personId());
    if (!member && !accounts.contains(message.sender())) {
      return FanoutPlan.drop(NOT_A_MEMBER);
    }
    // A writer is a member person, or an app account that took part in the conversation (an app
    // user answering through the business account), linked or not.
    AccountRoute from = sender.orElse(null);
    String writer = from == null ? null : from.personId();
    boolean writerConsents = from == null || from.crossAppEnabled();
    List<AccountRoute> others = new ArrayList<>();
    for (String person : conversation.members()) {
      if (!person.equals(writer)) {
        persons.apply(person).ifPresent(others::add);
      }
    }
    boolean request = false;
    if (!conversation.group()) {
      for (AccountRoute other : others) {
        if (from != null && FanoutPlanner.blocked(from, other)) {
          return FanoutPlan.drop(FanoutPlan.BLOCKED);
        }
        String placement = FanoutPlanner.placement(other, arrivedOn, conversation.lastSeq() > 0);
        if ("refused".equals(placement)) {
          return FanoutPlan.drop(FanoutPlan.REFUSED);
        }
        request |= "requests".equals(placement);
      }
    }
    Set<AccountRef> targets = new LinkedHashSet<>();
    if (!request && writerConsents) {
      for (AccountRoute other : others) {
        if (other.crossAppEnabled() && (from == null || !FanoutPlanner.blocked(from, other))) {
          targets.addAll(FanoutPlanner.appTargets(other, message, arrivedOn, true));
        }
      }
      for (AccountRef account : accounts) {
        boolean membersOwn =
            routes.apply(account).map(r -> conversation.member(r.personId())).orElse(false);
        if (!membersOwn && !account.equals(message.sender())) {
          targets.add(account);
        }
      }
    }
    List<AccountRef> appTargets = List.copyOf(targets);
    boolean noE2e = false;
    if (message.content() instanceof SealedContent) {
      appTargets = appTargets.stream().filter(a -> a.platform() == Platform.WHATSAPP).toList();
      boolean devices =
          others.stream()
              .anyMatch(
                  o -> o.routes().stream().anyMatch(a -> a.platform() == Platform.SWITCHBOARD));
      noE2e = appTargets.isEmpty() && !devices;
    }
    Set<String> pushedTo = new LinkedHashSet<>(conversation.members());
    if (from != null) {
      others.stream()
          .filter(other -> FanoutPlanner.blocked(from, other))
          .forEach(other -> pushedTo.remove(other.personId()));
    }
    return new FanoutPlan(null, request, writer, pushedTo, appTargets, noE2e);
  }
}
