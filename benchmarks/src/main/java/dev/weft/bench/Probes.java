package dev.weft.bench;

import java.util.List;

/** Every {@link Probe} of the suite, by class name (each is loaded only in its own JVM). */
final class Probes {
    static final List<String> ALL = List.of(
            "dev.weft.bench.sleepers.WeftSleepers",
            "dev.weft.bench.sleepers.CallbackSleepers",
            "dev.weft.bench.sleepers.EaSleepers",
            "dev.weft.bench.sleepers.VirtualThreadSleepers",
            "dev.weft.bench.sleepers.KotlinSleepersProbe",
            "dev.weft.bench.longloop.LongLoopHeapProbe$Weft",
            "dev.weft.bench.longloop.LongLoopHeapProbe$Callbacks",
            "dev.weft.bench.longloop.LongLoopHeapProbe$EaAsync",
            "dev.weft.bench.longloop.LongLoopHeapProbe$VirtualThreadsProbe",
            "dev.weft.bench.longloop.LongLoopHeapProbe$Kotlin",
            "dev.weft.bench.longloop.LongLoopHeapProbe$CfCompose",
            "dev.weft.bench.startup.AgentStartupProbe",
            "dev.weft.bench.echo.EchoProbe$Weft",
            "dev.weft.bench.echo.EchoProbe$Netty",
            "dev.weft.bench.echo.EchoProbe$VirtualThreadsProbe",
            "dev.weft.bench.echo.EchoProbe$SelectorLoop",
            "dev.weft.bench.echo.EchoProbe$Asyncio",
            "dev.weft.bench.echo.TlsEchoProbe$Weft",
            "dev.weft.bench.echo.TlsEchoProbe$Netty",
            "dev.weft.bench.echo.TlsEchoProbe$VirtualThreadsProbe",
            "dev.weft.bench.echo.TlsEchoProbe$Asyncio");

    private Probes() {}
}
