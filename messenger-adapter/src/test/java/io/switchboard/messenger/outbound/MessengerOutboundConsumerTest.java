package io.switchboard.messenger.outbound;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.adapter.testing.MetaOutboundConsumerContract;
import io.switchboard.adapter.testing.SendApiStandIn;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.Platform;

/**
 * Records written to {@code outbound.messenger} by a plain Kafka producer, through the adapter, to
 * a stand-in Send API, with outcomes on {@code delivery.status} and the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
@QuarkusTestResource(
    value = SendApiStandIn.class,
    initArgs = @ResourceArg(name = "platform", value = "messenger"))
class MessengerOutboundConsumerTest extends MetaOutboundConsumerContract {
  @Override
  protected Platform platform() {
    return Platform.MESSENGER;
  }

  @Override
  protected String page() {
    return "PAGE_OUT";
  }

  @Override
  protected String accessToken() {
    return "test-messenger-access-token";
  }
}
