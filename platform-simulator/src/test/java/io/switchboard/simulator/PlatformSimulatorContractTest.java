package io.switchboard.simulator;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.service.testing.ServiceContractTest;
import java.util.List;

/** The simulator stands in for Meta, which has no Kafka or database of ours to be ready for. */
@QuarkusTest
class PlatformSimulatorContractTest extends ServiceContractTest {
  @Override
  protected List<String> readinessChecks() {
    return List.of();
  }
}
