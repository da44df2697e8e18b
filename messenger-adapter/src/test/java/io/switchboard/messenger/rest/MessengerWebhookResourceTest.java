package io.switchboard.messenger.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.adapter.testing.MetaWebhookResourceContract;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.Platform;
import io.switchboard.events.topics.Topics;
import java.util.List;

/** The Messenger webhook end to end: signed batches in, events on {@code inbound.messenger}. */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class MessengerWebhookResourceTest extends MetaWebhookResourceContract {
  @Override
  protected String path() {
    return "/webhooks/messenger";
  }

  @Override
  protected String appSecret() {
    return "test-messenger-app-secret";
  }

  @Override
  protected String verifyToken() {
    return "test-messenger-verify-token";
  }

  @Override
  protected String topic() {
    return Topics.INBOUND_MESSENGER;
  }

  @Override
  protected String batchResource() {
    return "/webhooks/batch.json";
  }

  @Override
  protected String lastEventMessageIdPointer() {
    return "/entry/0/messaging/1/reaction/mid";
  }

  @Override
  protected String batchText() {
    return "See you at noon?";
  }

  @Override
  protected String object() {
    return "page";
  }

  @Override
  protected List<EventType> batchTypes() {
    return List.of(EventType.MESSAGE_CREATED, EventType.REACTION_ADDED);
  }

  @Override
  protected String firstEventId() {
    return EventIds.forPlatformEvent(
        Platform.MESSENGER, EventType.MESSAGE_CREATED, "m_batch_text_1");
  }

  @Override
  protected String batchKey() {
    return "messenger:1122334455:2233445566";
  }

  @Override
  protected String source() {
    return "/switchboard/messenger-adapter";
  }
}
