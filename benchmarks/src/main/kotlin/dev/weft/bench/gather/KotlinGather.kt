package dev.weft.bench.gather

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** n async {} coroutines on a runBlocking loop, each yielding once and returning its index, then awaitAll. */
object KotlinGather {
    @JvmStatic
    fun run(n: Int): Long = runBlocking {
        val tasks = List(n) { i -> async { yield(); i } }
        tasks.awaitAll().sumOf { it.toLong() }
    }
}
