package io.switchboard.events;

/**
 * Conversation ids for platform conversations. A direct conversation between a business account
 * (page, Instagram professional account, WhatsApp phone number id) and a user is the same
 * conversation for every event about it, so its id is derived, not stored.
 */
public final class ConversationIds {
  private ConversationIds() {}

  /** The id of the one-to-one conversation between a business account and a user on a platform. */
  public static String direct(Platform platform, String businessAccountId, String userAccountId) {
    return platform.wireName() + ":" + businessAccountId + ":" + userAccountId;
  }
}
