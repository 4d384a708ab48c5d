package dev.weft.bench;

/** Runs one {@link Probe} in this (fresh) JVM and prints its figures: {@code ProbeMain <class> <scale>}. */
public final class ProbeMain {
    private ProbeMain() {}

    public static void main(String[] args) throws Exception {
        Probe probe = (Probe) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        for (Figure f : probe.run(Double.parseDouble(args[1]))) {
            System.out.println(f.toLine());
        }
    }
}
