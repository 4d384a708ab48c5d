package dev.weft.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the binary contract between woven code and this runtime, and the check that woven
 * code runs against a runtime implementing the contract it was woven for. Not for users.
 *
 * <p>Every woven class's static initializer starts with {@code Contract.check(N, TheClass.class)},
 * where N is the version its weaver wove for. That call is the one member of this package whose
 * signature never changes, so that any later runtime can refuse a class it cannot run with a message
 * that says what to do, rather than with a {@code NoSuchMethodError} at the first await.
 */
public final class Contract {
    /**
     * The newest contract this runtime implements. It changes when the members woven code links
     * against change; a class woven for version N runs on every runtime implementing N. Contract 2
     * added {@code Coroutine.sleepAwaited} to contract 1, and contract 3 added
     * {@code Coroutine.returned} to 2, and contract 4 made a frame the {@code Supplier} of its own task
     * ({@code Coroutine.get}); none took anything away, so this runtime also runs classes woven for
     * contracts 1 to 3 ({@link #OLDEST}); an older runtime refuses a class woven for a
     * newer contract with its message, before any call of a new member could fail.
     */
    public static final int VERSION = 4;
    /** The oldest contract this runtime implements: every version from this one to {@link #VERSION}. */
    public static final int OLDEST = 1;

    private Contract() {
    }

    /**
     * Called first by the static initializer of every woven class. Frozen forever: every runtime has
     * {@code dev.weft.internal.Contract.check(int, Class)}.
     *
     * @param wovenFor the contract version the class was woven for
     * @param wovenClass the woven class
     * @throws IncompatibleClassChangeError if this runtime does not implement {@code wovenFor}
     */
    public static void check(int wovenFor, Class<?> wovenClass) {
        if (wovenFor < OLDEST || wovenFor > VERSION) {
            throw new IncompatibleClassChangeError(refusal(wovenFor, wovenClass.getName()));
        }
    }

    static String refusal(int wovenFor, String className) {
        return className + " was woven for Weft runtime contract " + wovenFor + ", but this runtime (Weft "
                + runtimeVersion() + ") implements " + implemented() + ": weave it again with the weaver of"
                + " this Weft version (weft-maven-plugin or -javaagent), or run it with a Weft runtime that"
                + " implements contract " + wovenFor;
    }

    /** "contracts 1 to 3", in words. */
    private static String implemented() {
        if (OLDEST == VERSION) {
            return "contract " + VERSION;
        }
        return "contracts " + OLDEST + (VERSION == OLDEST + 1 ? " and " : " to ") + VERSION;
    }

    /** This runtime's release, from the properties the build writes into the jar. */
    static String runtimeVersion() {
        try (InputStream in = Contract.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "(unknown version)");
            }
        } catch (IOException e) {
            // the message still names both contracts
        }
        return "(unknown version)";
    }
}
