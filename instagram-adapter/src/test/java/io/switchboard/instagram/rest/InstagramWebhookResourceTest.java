package io.switchboard.instagram.rest;

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

/** The Instagram webhook end to end: signed batches in, events on {@code inbound.instagram}. */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class InstagramWebhookResourceTest extends MetaWebhookResourceContract {
  private static final String BATCH_MID =
      "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1ODIyMzA0OTE0OjM0MDI4MjM2Njg0MTcxMDMwMDk0OTEyODE3NjE0NzA4MDMyQmF0Y2hUZXh0MDE";

  @Override
  protected String path() {
    return "/webhooks/instagram";
  }

  @Override
  protected String appSecret() {
    return "test-instagram-app-secret";
  }

  @Override
  protected String verifyToken() {
    return "test-instagram-verify-token";
  }

  @Override
  protected String topic() {
    return Topics.INBOUND_INSTAGRAM;
  }

  @Override
  protected String batchResource() {
    return "/webhooks/batch.json";
  }

  @Override
  protected String lastEventMessageIdPointer() {
    return "/entry/0/messaging/1/read/mid";
  }

  @Override
  protected String batchText() {
    return "Do you ship to Lisbon?";
  }

  @Override
  protected String object() {
    return "instagram";
  }

  @Override
  protected List<EventType> batchTypes() {
    return List.of(EventType.MESSAGE_CREATED, EventType.RECEIPT);
  }

  @Override
  protected String firstEventId() {
    return EventIds.forPlatformEvent(Platform.INSTAGRAM, EventType.MESSAGE_CREATED, BATCH_MID);
  }

  @Override
  protected String batchKey() {
    return "instagram:17841405822304914:1254460729134157";
  }

  @Override
  protected String source() {
    return "/switchboard/instagram-adapter";
  }
}
