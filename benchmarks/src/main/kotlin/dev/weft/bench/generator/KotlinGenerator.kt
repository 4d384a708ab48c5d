package dev.weft.bench.generator

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.produce
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/** Kotlin coroutines on one runBlocking loop: 0 until n from a producer to a summing consumer. */
object KotlinGenerator {
    /** A cold flow: emit calls the collector directly, so nothing suspends. */
    @JvmStatic
    fun flow(n: Int): Long = runBlocking {
        var sum = 0L
        flow { for (i in 0 until n) emit(i) }.collect { sum += it }
        sum
    }

    /** A producer coroutine on a rendezvous channel: one suspension each side per item. */
    @OptIn(ExperimentalCoroutinesApi::class)
    @JvmStatic
    fun produce(n: Int): Long = runBlocking {
        val items = produce { for (i in 0 until n) send(i) }
        var sum = 0L
        for (item in items) sum += item
        sum
    }

    /** A producer and a consumer on a Channel(capacity). */
    @JvmStatic
    fun channel(n: Int, capacity: Int): Long = runBlocking {
        val items = Channel<Int>(capacity)
        launch { for (i in 0 until n) items.send(i) }
        var sum = 0L
        repeat(n) { sum += items.receive() }
        sum
    }
}
