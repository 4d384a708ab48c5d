package dev.weft.bench.awaitdone

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.runBlocking

/** A suspend loop awaiting a Deferred that is already complete (no suspension happens). */
object KotlinAwaitDone {
    @JvmStatic
    fun sum(done: CompletableDeferred<Int>, times: Int): Long = runBlocking {
        var sum = 0L
        for (i in 0 until times) {
            sum += done.await()
        }
        sum
    }
}
