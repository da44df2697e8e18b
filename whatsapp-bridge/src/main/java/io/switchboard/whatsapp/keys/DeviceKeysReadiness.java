package io.switchboard.whatsapp.keys;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the device keys view holds what {@code identity.links} held when the bridge started;
 * until then sealed pushes are answered 503. Always up when the check is switched off.
 */
@Readiness
@ApplicationScoped
public class DeviceKeysReadiness implements HealthCheck {
  public static final String NAME = "device keys view";

  private final KnownDeviceKeys keys;

  public DeviceKeysReadiness(KnownDeviceKeys keys) {
    this.keys = keys;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(NAME)
        .status(!keys.enabled() || keys.ready())
        .withData("enabled", keys.enabled())
        .withData("accounts", keys.accounts())
        .withData("keys", keys.keys())
        .build();
  }
}
