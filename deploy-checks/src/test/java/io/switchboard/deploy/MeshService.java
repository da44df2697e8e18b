package io.switchboard.deploy;

import java.util.List;

/** The services that have an image and a place in the deploy files, by their Maven module. */
enum MeshService {
  MESSENGER_ADAPTER("messenger-adapter"),
  INSTAGRAM_ADAPTER("instagram-adapter"),
  WHATSAPP_BRIDGE("whatsapp-bridge"),
  IDENTITY_SERVICE("identity-service"),
  GATEWAY_SERVICE("gateway-service"),
  PLATFORM_SIMULATOR("platform-simulator");

  /** The repository of every image, followed by the module name. */
  static final String IMAGE_PREFIX = "switchboard/";

  private final String module;

  MeshService(String module) {
    this.module = module;
  }

  String module() {
    return module;
  }

  String image() {
    return IMAGE_PREFIX + module;
  }

  /** What the service reads, from its sources and those of the modules it runs with. */
  ServiceConfiguration configuration() {
    return ServiceConfiguration.of(module);
  }

  static MeshService named(String module) {
    for (MeshService service : values()) {
      if (service.module.equals(module)) {
        return service;
      }
    }
    throw new AssertionError(
        module
            + " is not a mesh service; known: "
            + List.of(values()).stream().map(s -> s.module).toList());
  }
}
