package io.switchboard.whatsapp.inbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the bridge reads WhatsApp webhooks ({@code switchboard.whatsapp.inbound.*}). */
@ConfigMapping(prefix = "switchboard.whatsapp.inbound")
public interface WhatsappInboundConfig {
  /**
   * Where media announced only by id can be looked up: the mesh's media reference becomes {@code
   * <media-base-url>/<media-id>}, Graph's media endpoint, which answers with a short-lived download
   * URL to a caller holding the business's access token. Media the webhook gives a URL for keeps
   * that URL.
   */
  @WithDefault("https://graph.facebook.com/v21.0")
  String mediaBaseUrl();

  /** Limits and checks on sealed pushes. */
  Sealed sealed();

  /** Limits and checks on sealed pushes. */
  interface Sealed {
    /**
     * The most ciphertext one sealed message may carry, in bytes after base64 decoding, summed over
     * its envelopes (256 KiB by default). A group message to many devices repeats the ciphertext
     * once per device, so this bounds what one push can make the mesh store and fan out.
     */
    @WithDefault("262144")
    int maxCiphertextBytes();

    /**
     * Whether a sealed push must name current device keys only: its sender key and every recipient
     * key must be a current key of a linked person, as this replica knows them from {@code
     * identity.links} ({@code 400 unknown_device_key} otherwise, {@code 503 unavailable} while the
     * view is still loading). On by default.
     */
    @WithDefault("true")
    boolean checkDeviceKeys();
  }
}
