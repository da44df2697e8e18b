/**
 * End-to-end sealing for sealed message content: HPKE (RFC 9180) with X25519, HKDF-SHA256 and
 * AES-128-GCM, using only the JDK. Devices use it to seal and open; the mesh only carries what it
 * produces. See {@code docs/sealed-messages.md}.
 */
package io.switchboard.events.sealed;
