/**
 * The JVM client library of Switchboard devices: {@link io.switchboard.client.SwitchboardClient}
 * registers a device whose X25519 key pair is made on the device (the private key never leaves it),
 * fetches the device keys of the people a message goes to, and seals and opens end-to-end sealed
 * content. Plain Java 17: the JDK's HTTP client, Jackson, and {@code io.switchboard.events.sealed}.
 * See {@code docs/sealed-messages.md}.
 */
package io.switchboard.client;
