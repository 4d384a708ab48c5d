package dev.weft.bench.sleepers

import java.util.function.LongSupplier
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** The Kotlin sleepers: launched coroutines in delay() on one runBlocking loop. */
object KotlinSleepers {
    /** {nanos until all are suspended in delay, nanos until all ended}. */
    @JvmStatic
    fun timed(n: Int, ms: Long): LongArray = runBlocking {
        var woken = 0
        val allWoken = CompletableDeferred<Unit>()
        val t0 = System.nanoTime()
        repeat(n) {
            launch {
                delay(ms)
                if (++woken == n) allWoken.complete(Unit)
            }
        }
        yield() // one turn: every sleeper has run up to its delay
        val started = System.nanoTime() - t0
        allWoken.await()
        longArrayOf(started, System.nanoTime() - t0)
    }

    /** Settled heap while n sleepers of [depth] frames are in delay, less before them. */
    @JvmStatic
    fun held(n: Int, depth: Int, ms: Long, settledHeap: LongSupplier): Long = runBlocking {
        val base = settledHeap.asLong
        repeat(n) { launch { nest(depth, ms) } }
        yield()
        val used = settledHeap.asLong - base
        val sleeping = coroutineContext[Job]!!.children.count { it.isActive }
        if (sleeping != n) throw AssertionError("$sleeping of $n sleeping")
        coroutineContext.cancelChildren()
        used
    }

    @JvmStatic
    fun depthSum(n: Int, depth: Int, ms: Long): Long = runBlocking {
        List(n) { async { nest(depth, ms) } }.awaitAll().sumOf { it.toLong() }
    }

    /** [depth] nested suspend calls; the innermost delays. Returns depth. */
    private suspend fun nest(depth: Int, ms: Long): Int =
        if (depth == 1) {
            delay(ms)
            1
        } else {
            nest(depth - 1, ms) + 1
        }
}
