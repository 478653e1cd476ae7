package io.exposedapp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP link from an operator process to the API server that can be cut as a network partition cuts it: once
 * {@link #partition()} is called, no byte passes either way on the open connections and new ones are accepted but
 * never answered (TLS included: the link only relays bytes). Nothing is closed, so the operator learns of the
 * partition only from its timeouts, as when packets are dropped.
 */
final class PartitionableLink implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean partitioned;
  private volatile boolean closed;

  PartitionableLink(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "link-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  void partition() {
    partitioned = true;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        if (partitioned) {
          continue;
        }
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(server);
        relay(client, server);
        relay(server, client);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("link: " + e);
        }
      }
    }
  }

  private void relay(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          while (partitioned && !closed) {
            // dropped: the bytes are held and never delivered
            Thread.sleep(1000);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the other side closed
      } finally {
        close(from);
        close(to);
      }
    }, "link-relay");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    sockets.forEach(PartitionableLink::close);
  }
}
