package org.estuary.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers the tests start while other servers and tests run on the same machine: never a
 * stock port, always one nobody is listening on when asked.
 */
final class FreePorts {

    /** A port base covers base+0 to base+99. */
    static final int BLOCK = 100;

    private FreePorts() {
    }

    /**
     * A multiple of 100 between 10000 and 32000 (below Linux's ephemeral range, so client connections do
     * not take its ports meanwhile) whose hundred ports are all free now.
     */
    static int freeBlock() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(100, 320) * BLOCK;
            if (allFree(base, BLOCK)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of " + BLOCK + " ports between 10000 and 32000");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (!free(port)) {
                return false;
            }
        }
        return true;
    }

    /** Free on every interface: servers bind the wildcard address. */
    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
