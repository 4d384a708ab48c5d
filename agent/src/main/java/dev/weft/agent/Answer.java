package dev.weft.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The agent's answer to a request of the tool: a status, the text for the tool's stdout and the
 * text for its stderr. On the wire (loopback socket, agent to tool): the request's token, the
 * status, then each text as a length and its UTF-8 bytes.
 */
final class Answer {
    /** The answer has the dumps of every runtime found. */
    static final int DONE = 0;
    /** No class of a Weft runtime is loaded in the target JVM. */
    static final int NO_RUNTIME = 1;
    /** Runtimes were found, but no dump could be read from any of them; {@link #err} says why. */
    static final int FAILED = 2;

    /** Refuse anything longer: the tool would rather fail than run out of memory on a garbled stream. */
    private static final int MAX_TEXT = 256 << 20;

    final int status;
    final String out;
    final String err;

    Answer(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    void writeTo(DataOutputStream to, String token) throws IOException {
        to.writeUTF(token);
        to.writeInt(status);
        writeText(to, out);
        writeText(to, err);
        to.flush();
    }

    /**
     * Reads the rest of an answer, after its token.
     *
     * @throws IOException if the stream ends early or is garbled
     */
    static Answer readBody(DataInputStream from) throws IOException {
        int status = from.readInt();
        if (status < DONE || status > FAILED) {
            throw new IOException("an answer with an unknown status " + status);
        }
        return new Answer(status, readText(from), readText(from));
    }

    private static void writeText(DataOutputStream to, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        to.writeInt(bytes.length);
        to.write(bytes);
    }

    private static String readText(DataInputStream from) throws IOException {
        int length = from.readInt();
        if (length < 0 || length > MAX_TEXT) {
            throw new IOException("an answer with a text of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        from.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
