package dev.weft.bench;

import java.util.List;

/** Every {@link Probe} of the suite, by class name (each is loaded only in its own JVM). */
final class Probes {
    static final List<String> ALL = List.of(
            "dev.weft.bench.startup.AgentStartupProbe");

    private Probes() {}
}
