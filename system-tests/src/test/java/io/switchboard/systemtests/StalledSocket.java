package io.switchboard.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that upgrades and then stops reading, on a socket with a small receive buffer
 * (which turns off the kernel's buffer growth): what a phone on a stalled network looks like to the
 * gateway. Only later does it read, to find the close frame the gateway queued behind its data.
 */
final class StalledSocket implements AutoCloseable {
  private static final int RECEIVE_BUFFER = 4096;

  private final Socket socket;
  private final DataInputStream in;

  private StalledSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
  }

  static StalledSocket connect(String baseUrl, String deviceId, String token) {
    URI uri = URI.create(baseUrl);
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(RECEIVE_BUFFER);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String request =
          "GET /ws/v1?deviceId="
              + deviceId
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
              + "Sec-WebSocket-Key: "
              + Base64.getEncoder().encodeToString(nonce)
              + "\r\nAuthorization: Bearer "
              + token
              + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StalledSocket stalled = new StalledSocket(socket);
      String status = stalled.readHead();
      if (!status.startsWith("HTTP/1.1 101")) {
        throw new IllegalStateException("upgrade refused: " + status);
      }
      return stalled;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How many bytes the kernel may hold between the gateway and a stalled reader before the
   * gateway's own queue for it grows: the sender's socket buffer grows up to the largest size the
   * kernel allows ({@code net.ipv4.tcp_wmem}'s third value on Linux), the receiver's is pinned
   * small here. Machines differ widely, so a test that must fill the pipe asks rather than guesses.
   */
  static long kernelBufferBytes() {
    // Read as a stream: procfs reports a size of 0, and Files.readString trusts it.
    try (InputStream proc = Files.newInputStream(Path.of("/proc/sys/net/ipv4/tcp_wmem"))) {
      String[] wmem =
          new String(proc.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
      return Long.parseLong(wmem[wmem.length - 1]) + RECEIVE_BUFFER;
    } catch (IOException | RuntimeException e) {
      return 8L * 1024 * 1024;
    }
  }

  /**
   * Starts reading: skips the frames the gateway managed to send and answers the status code of its
   * close frame, or -1 when the connection ends without one or none came within {@code timeout}
   * (the server's pings keep a stalled connection busy, so the time is bounded as a whole).
   */
  int readUntilClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      while (System.nanoTime() < deadline) {
        int first = in.read();
        if (first < 0) {
          return -1;
        }
        int opcode = first & 0x0F;
        long length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = in.readNBytes((int) length);
        if (opcode == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    InputStream raw = in;
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = raw.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
