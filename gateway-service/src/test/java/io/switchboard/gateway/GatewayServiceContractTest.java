package io.switchboard.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.service.testing.ServiceContractTest;
import java.util.List;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class GatewayServiceContractTest extends ServiceContractTest {
  @Override
  protected List<String> readinessChecks() {
    return List.of(
        "Kafka connection health check",
        "Reactive PostgreSQL connections health check",
        "Routing view");
  }
}
