package io.switchboard.devstack.testing;

import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.SharedDevstack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * For plain JUnit tests: {@code @ExtendWith(DevstackExtension.class)} and take an {@link Endpoints}
 * parameter to reach the devstack's real Kafka and PostgreSQL.
 */
public class DevstackExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Endpoints.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SharedDevstack.endpoints();
  }
}
