package dev.weft.agent;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;

/**
 * In the tool: where the agent sends its answer. A server socket on the loopback interface, on a
 * port of the system's choosing, and a random token: a connection that does not start with the
 * token within two seconds (another local process) is dropped and the channel keeps waiting.
 * Leaves no file behind.
 */
final class AnswerChannel implements Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_TIMEOUT_MILLIS = 2_000;

    private final ServerSocket server;
    private final String token;

    private AnswerChannel(ServerSocket server, String token) {
        this.server = server;
        this.token = token;
    }

    static AnswerChannel open() throws IOException {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder token = new StringBuilder();
        for (byte b : bytes) {
            token.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return new AnswerChannel(new ServerSocket(0, 4, InetAddress.getLoopbackAddress()), token.toString());
    }

    /** The request that makes the agent answer on this channel. */
    AgentRequest request(String command) {
        return new AgentRequest(command, server.getInetAddress().getHostAddress(), server.getLocalPort(), token);
    }

    /**
     * Waits for the agent's answer.
     *
     * @throws SocketTimeoutException if no answer came within {@code timeoutMillis}
     * @throws IOException if the connection failed or the answer was garbled
     */
    Answer receive(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            server.setSoTimeout(millisLeft(deadline));
            try (Socket socket = server.accept()) {
                // the agent sends its token at once: a connection that keeps silent is not it
                socket.setSoTimeout(Math.min(TOKEN_TIMEOUT_MILLIS, millisLeft(deadline)));
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                if (token.equals(readToken(in))) {
                    socket.setSoTimeout(millisLeft(deadline));
                    return Answer.readBody(in);
                }
            }
        }
    }

    private static int millisLeft(long deadline) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
    }

    /** The token a connection starts with, or null if it closed, kept silent or sent something else. */
    private static String readToken(DataInputStream in) {
        try {
            return in.readUTF();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
